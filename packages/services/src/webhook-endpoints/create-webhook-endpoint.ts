import { DsyncError, type EventType, newId } from "@dsync/core";
import { type Db, findOrganization, insertWebhookEndpoint } from "@dsync/db";
import { generateWebhookSecret } from "@dsync/webhooks";
import { toWebhookEndpoint, type WebhookEndpointWithSecret } from "./to-webhook-endpoint";

/** Registers an enabled endpoint; its signing secret is returned only here. */
export async function createWebhookEndpoint(
  db: Db,
  params: { endpointUrl: string; events: EventType[]; organizationId?: string },
): Promise<WebhookEndpointWithSecret> {
  if (params.organizationId !== undefined) {
    const organization = await findOrganization(db, { id: params.organizationId });
    if (!organization) {
      // Named in the body, so an invalid request rather than a missing URL.
      throw new DsyncError("VALIDATION", "The organization does not exist.", {
        errors: [{ field: "organization_id", code: "not_found", message: "no such organization" }],
      });
    }
  }
  const secret = generateWebhookSecret();
  const row = await insertWebhookEndpoint(db, {
    id: newId("webhookEndpoint"),
    organizationId: params.organizationId ?? null,
    endpointUrl: params.endpointUrl,
    events: [...new Set(params.events)],
    status: "enabled",
    secret,
  });
  return { ...toWebhookEndpoint(row), secret };
}
