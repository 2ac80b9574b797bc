import { getWebhookDelivery } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `GET /webhook_deliveries/:id` → the delivery with its `attempt_history`, or 404. */
export function registerGetWebhookDelivery(app: ApiApp, deps: AppDeps): void {
  app.get("/:id", async (c) =>
    c.json(await getWebhookDelivery(deps.db, { id: c.req.param("id") })),
  );
}
