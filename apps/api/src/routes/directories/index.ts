import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { registerCreateDirectory } from "./create";
import { registerCreateDirectoryToken } from "./create-token";
import { registerDeleteDirectory } from "./delete";
import { registerGetDirectory } from "./get";
import { registerListDirectories } from "./list";
import { registerListDirectoryTokens } from "./list-tokens";
import { registerRevokeDirectoryToken } from "./revoke-token";

/** The directories management API, mounted at `/directories` behind the API key. */
export function directoryRoutes(deps: AppDeps, auth: MiddlewareHandler<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  registerCreateDirectory(app, deps);
  registerListDirectories(app, deps);
  registerGetDirectory(app, deps);
  registerDeleteDirectory(app, deps);
  registerCreateDirectoryToken(app, deps);
  registerListDirectoryTokens(app, deps);
  registerRevokeDirectoryToken(app, deps);
  return app;
}
