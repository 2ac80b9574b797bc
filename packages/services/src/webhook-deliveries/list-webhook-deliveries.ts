import {
  type Db,
  listWebhookDeliveries as selectDeliveries,
  type WebhookDeliveryStatus,
} from "@dsync/db";
import { toIdPage } from "../id-page";
import type { ListPageParams, ListResponse } from "../organizations/list-organizations";
import { toWebhookDelivery, type WebhookDeliveryObject } from "./to-webhook-delivery";

/** One page of deliveries, optionally of one endpoint, one event or one status. */
export async function listWebhookDeliveries(
  db: Db,
  params: ListPageParams & {
    endpointId?: string;
    eventId?: string;
    status?: WebhookDeliveryStatus;
  },
): Promise<ListResponse<WebhookDeliveryObject>> {
  const rows = await selectDeliveries(db, params);
  return toIdPage(rows, params, (page) => page.map(toWebhookDelivery));
}
