import { Hono, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ApiEnv } from "../../env";
import { registerGetWebhookDelivery } from "./get";
import { registerListWebhookDeliveries } from "./list";
import { registerReplayWebhookDelivery } from "./replay";

/** Webhook deliveries, mounted at `/webhook_deliveries`; `auth` lets read-only keys only GET. */
export function webhookDeliveryRoutes(
  deps: AppDeps,
  auth: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", auth);
  registerListWebhookDeliveries(app, deps);
  registerGetWebhookDelivery(app, deps);
  registerReplayWebhookDelivery(app, deps);
  return app;
}
