import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { registerCreateOrganization } from "./create";
import { registerGetOrganization } from "./get";
import { registerListOrganizations } from "./list";

/** The organizations management API, mounted at `/organizations` behind the API key. */
export function organizationRoutes(deps: AppDeps, auth: MiddlewareHandler<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  registerCreateOrganization(app, deps);
  registerListOrganizations(app, deps);
  registerGetOrganization(app, deps);
  return app;
}
