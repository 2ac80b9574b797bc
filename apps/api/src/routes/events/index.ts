import { Hono } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { apiKeyAuth } from "../../middleware/api-key";
import { registerListEvents } from "./list";

/** The WorkOS-compatible Events API, mounted at `/events` behind the API key. */
export function eventRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", apiKeyAuth(deps.config));
  registerListEvents(app, deps);
  return app;
}
