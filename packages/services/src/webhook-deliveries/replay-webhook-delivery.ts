import { notFound } from "@dsync/core";
import { type Db, replayWebhookDelivery as replayRow } from "@dsync/db";
import { toWebhookDelivery, type WebhookDeliveryObject } from "./to-webhook-delivery";

/**
 * Sends a delivery again now, whatever its status: it becomes pending and due, and workers
 * hear of it at commit. A delivery mid-attempt keeps that attempt's outcome.
 */
export async function replayWebhookDelivery(
  db: Db,
  params: { id: string },
): Promise<WebhookDeliveryObject> {
  const row = await replayRow(db, params);
  if (!row) throw notFound("Webhook delivery");
  return toWebhookDelivery(row);
}
