import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { requireFullScope } from "../../middleware/api-key";
import { registerCreateApiKey } from "./create";
import { registerListApiKeys } from "./list";
import { registerRevokeApiKey } from "./revoke";

/** Management of API keys, mounted at `/api_keys`; only full keys may use it, even to list. */
export function apiKeyRoutes(deps: AppDeps, auth: MiddlewareHandler<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  app.use("*", requireFullScope());
  registerCreateApiKey(app, deps);
  registerListApiKeys(app, deps);
  registerRevokeApiKey(app, deps);
  return app;
}
