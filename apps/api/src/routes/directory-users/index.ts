import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { registerGetDirectoryUser } from "./get";
import { registerListDirectoryUsers } from "./list";

/** WorkOS's directory users read API, mounted at `/directory_users` behind the API key. */
export function directoryUserRoutes(deps: AppDeps, auth: MiddlewareHandler<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  registerListDirectoryUsers(app, deps);
  registerGetDirectoryUser(app, deps);
  return app;
}
