import { type EventType, notFound } from "@dsync/core";
import { type Db, updateWebhookEndpoint as updateRow } from "@dsync/db";
import {
  toWebhookEndpoint,
  type WebhookEndpointObject,
  type WebhookEndpointStatus,
} from "./to-webhook-endpoint";

/** Changes an endpoint's URL, events or status; omitted fields stay as they are. */
export async function updateWebhookEndpoint(
  db: Db,
  params: {
    id: string;
    endpointUrl?: string;
    events?: EventType[];
    status?: WebhookEndpointStatus;
  },
): Promise<WebhookEndpointObject> {
  const row = await updateRow(db, {
    id: params.id,
    set: {
      ...(params.endpointUrl !== undefined && { endpointUrl: params.endpointUrl }),
      ...(params.events !== undefined && { events: [...new Set(params.events)] }),
      ...(params.status !== undefined && { status: params.status }),
      updatedAt: new Date(),
    },
  });
  if (!row) throw notFound("Webhook endpoint");
  return toWebhookEndpoint(row);
}
