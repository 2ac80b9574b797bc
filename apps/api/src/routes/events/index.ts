import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { registerListEvents } from "./list";

/** The WorkOS-compatible Events API, mounted at `/events` behind the API key. */
export function eventRoutes(deps: AppDeps, auth: MiddlewareHandler<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  registerListEvents(app, deps);
  return app;
}
