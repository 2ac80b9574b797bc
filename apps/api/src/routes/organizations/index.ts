import { Hono } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { apiKeyAuth } from "../../middleware/api-key";
import { registerCreateOrganization } from "./create";
import { registerGetOrganization } from "./get";
import { registerListOrganizations } from "./list";

/** The organizations management API, mounted at `/organizations` behind the API key. */
export function organizationRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", apiKeyAuth(deps.config));
  registerCreateOrganization(app, deps);
  registerListOrganizations(app, deps);
  registerGetOrganization(app, deps);
  return app;
}
