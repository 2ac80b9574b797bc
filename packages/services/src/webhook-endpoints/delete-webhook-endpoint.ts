import { notFound } from "@dsync/core";
import { type Db, deleteWebhookEndpoint as deleteRow } from "@dsync/db";

/** Deletes an endpoint and its secrets; NOT_FOUND when it does not exist. */
export async function deleteWebhookEndpoint(db: Db, params: { id: string }): Promise<void> {
  if (!(await deleteRow(db, { id: params.id }))) throw notFound("Webhook endpoint");
}
