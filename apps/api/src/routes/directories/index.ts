import { Hono } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { apiKeyAuth } from "../../middleware/api-key";
import { registerCreateDirectory } from "./create";
import { registerCreateDirectoryToken } from "./create-token";
import { registerDeleteDirectory } from "./delete";
import { registerGetDirectory } from "./get";
import { registerListDirectories } from "./list";
import { registerListDirectoryTokens } from "./list-tokens";
import { registerRevokeDirectoryToken } from "./revoke-token";

/** The directories management API, mounted at `/directories` behind the API key. */
export function directoryRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", apiKeyAuth(deps.config));
  registerCreateDirectory(app, deps);
  registerListDirectories(app, deps);
  registerGetDirectory(app, deps);
  registerDeleteDirectory(app, deps);
  registerCreateDirectoryToken(app, deps);
  registerListDirectoryTokens(app, deps);
  registerRevokeDirectoryToken(app, deps);
  return app;
}
