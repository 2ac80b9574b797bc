import { notFound } from "@dsync/core";
import { type Db, findWebhookEndpoint } from "@dsync/db";
import { toWebhookEndpoint, type WebhookEndpointObject } from "./to-webhook-endpoint";

/** One webhook endpoint by id, without its secret; NOT_FOUND when it does not exist. */
export async function getWebhookEndpoint(
  db: Db,
  params: { id: string },
): Promise<WebhookEndpointObject> {
  const row = await findWebhookEndpoint(db, { id: params.id });
  if (!row) throw notFound("Webhook endpoint");
  return toWebhookEndpoint(row);
}
