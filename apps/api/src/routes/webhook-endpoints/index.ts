import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { registerCreateWebhookEndpoint } from "./create";
import { registerDeleteWebhookEndpoint } from "./delete";
import { registerGetWebhookEndpoint } from "./get";
import { registerListWebhookEndpoints } from "./list";
import { registerReplayWebhookEndpointEvents } from "./replay";
import { registerRotateWebhookEndpointSecret } from "./rotate-secret";
import { registerUpdateWebhookEndpoint } from "./update";

/** Webhook endpoints, mounted at `/webhook_endpoints`; `auth` lets read-only keys only GET. */
export function webhookEndpointRoutes(
  deps: AppDeps,
  auth: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  registerCreateWebhookEndpoint(app, deps);
  registerListWebhookEndpoints(app, deps);
  registerGetWebhookEndpoint(app, deps);
  registerUpdateWebhookEndpoint(app, deps);
  registerDeleteWebhookEndpoint(app, deps);
  registerRotateWebhookEndpointSecret(app, deps);
  registerReplayWebhookEndpointEvents(app, deps);
  return app;
}
