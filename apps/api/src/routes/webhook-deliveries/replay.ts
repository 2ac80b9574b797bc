import { replayWebhookDelivery } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/**
 * `POST /webhook_deliveries/:id/replay` → 202 with the delivery, now pending and due: a worker
 * sends it after the response, so the request only records the intent.
 */
export function registerReplayWebhookDelivery(app: ApiApp, deps: AppDeps): void {
  app.post("/:id/replay", async (c) =>
    c.json(await replayWebhookDelivery(deps.db, { id: c.req.param("id") }), 202),
  );
}
