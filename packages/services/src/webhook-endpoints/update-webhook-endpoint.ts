import { type EventType, notFound } from "@dsync/core";
import {
  type Db,
  resumeWebhookEndpointDeliveries,
  updateWebhookEndpoint as updateRow,
} from "@dsync/db";
import { inTransaction } from "../transaction";
import {
  toWebhookEndpoint,
  type WebhookEndpointObject,
  type WebhookEndpointStatus,
} from "./to-webhook-endpoint";

/**
 * Changes an endpoint's URL, events or status; omitted fields stay as they are. Enabling an
 * endpoint ends its failure streak and makes its pending deliveries due at once, so what
 * queued up while it was off (or backing off) goes out now.
 */
export async function updateWebhookEndpoint(
  db: Db,
  params: {
    id: string;
    endpointUrl?: string;
    events?: EventType[];
    status?: WebhookEndpointStatus;
  },
): Promise<WebhookEndpointObject> {
  const enabling = params.status === "enabled";
  const row = await inTransaction(db, async (tx) => {
    const updated = await updateRow(tx, {
      id: params.id,
      set: {
        ...(params.endpointUrl !== undefined && { endpointUrl: params.endpointUrl }),
        ...(params.events !== undefined && { events: [...new Set(params.events)] }),
        ...(params.status !== undefined && { status: params.status }),
        ...(enabling && { failingSince: null }),
        updatedAt: new Date(),
      },
    });
    if (updated && enabling) await resumeWebhookEndpointDeliveries(tx, { endpointId: updated.id });
    return updated;
  });
  if (!row) throw notFound("Webhook endpoint");
  return toWebhookEndpoint(row);
}
