import { notFound } from "@dsync/core";
import { type Db, findWebhookDelivery } from "@dsync/db";
import {
  toWebhookAttempt,
  toWebhookDelivery,
  type WebhookAttemptObject,
  type WebhookDeliveryObject,
} from "./to-webhook-delivery";

/** One delivery with every attempt so far; NOT_FOUND when it does not exist. */
export async function getWebhookDelivery(
  db: Db,
  params: { id: string },
): Promise<WebhookDeliveryObject & { attempt_history: WebhookAttemptObject[] }> {
  const found = await findWebhookDelivery(db, params);
  if (!found) throw notFound("Webhook delivery");
  return {
    ...toWebhookDelivery(found.delivery),
    attempt_history: found.attempts.map(toWebhookAttempt),
  };
}
