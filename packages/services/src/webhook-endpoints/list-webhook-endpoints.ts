import { type Db, listWebhookEndpoints as selectWebhookEndpoints } from "@dsync/db";
import { toIdPage } from "../id-page";
import type { ListPageParams, ListResponse } from "../organizations/list-organizations";
import { toWebhookEndpoint, type WebhookEndpointObject } from "./to-webhook-endpoint";

/** One page of webhook endpoints, WorkOS list shape, without secrets. */
export async function listWebhookEndpoints(
  db: Db,
  params: ListPageParams,
): Promise<ListResponse<WebhookEndpointObject>> {
  const rows = await selectWebhookEndpoints(db, params);
  return toIdPage(rows, params, (page) => page.map(toWebhookEndpoint));
}
