import type { WebhookEndpointRow } from "@dsync/db";

/** Whether an endpoint receives deliveries. */
export const WEBHOOK_ENDPOINT_STATUSES = ["enabled", "disabled"] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

/** A webhook endpoint as the management API shows it: never its signing secret. */
export interface WebhookEndpointObject {
  object: "webhook_endpoint";
  id: string;
  organization_id: string | null;
  endpoint_url: string;
  events: string[];
  status: WebhookEndpointStatus;
  created_at: string;
  updated_at: string;
}

/** An endpoint with its new signing secret: only create and rotate_secret return this. */
export type WebhookEndpointWithSecret = WebhookEndpointObject & { secret: string };

/** Renders a stored endpoint row, leaving out its secrets. */
export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpointObject {
  return {
    object: "webhook_endpoint",
    id: row.id,
    organization_id: row.organizationId,
    endpoint_url: row.endpointUrl,
    events: row.events,
    status: row.status as WebhookEndpointStatus,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * The secrets a delivery at `now` is signed with, newest first: the current one, plus the
 * previous one while its rotation overlap lasts.
 */
export function liveSigningSecrets(row: WebhookEndpointRow, now: Date): string[] {
  const previousLive =
    row.previousSecret !== null &&
    row.previousSecretExpiresAt !== null &&
    row.previousSecretExpiresAt > now;
  return previousLive && row.previousSecret !== null
    ? [row.secret, row.previousSecret]
    : [row.secret];
}
