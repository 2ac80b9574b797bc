import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { registerGetDirectoryGroup } from "./get";
import { registerListDirectoryGroups } from "./list";

/** WorkOS's directory groups read API, mounted at `/directory_groups` behind the API key. */
export function directoryGroupRoutes(deps: AppDeps, auth: MiddlewareHandler<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  registerListDirectoryGroups(app, deps);
  registerGetDirectoryGroup(app, deps);
  return app;
}
