import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookDeliveryStatus } from "@dsync/db";

// The statuses belong with the rows; routes take them from here, not from the database package.
export { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from "@dsync/db";

/** A delivery as the management API shows it. */
export interface WebhookDeliveryObject {
  object: "webhook_delivery";
  id: string;
  webhook_endpoint_id: string;
  event_id: string;
  event: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One attempt of a delivery as the management API shows it. */
export interface WebhookAttemptObject {
  object: "webhook_attempt";
  attempt: number;
  started_at: string;
  status_code: number | null;
  latency_ms: number;
  failure: string | null;
  error: string | null;
  response_excerpt: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Renders a stored delivery row. */
export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDeliveryObject {
  return {
    object: "webhook_delivery",
    id: row.id,
    webhook_endpoint_id: row.endpointId,
    event_id: row.eventId,
    event: row.event,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    next_attempt_at: iso(row.nextAttemptAt),
    last_attempt_at: iso(row.lastAttemptAt),
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    delivered_at: iso(row.deliveredAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Renders a stored attempt row. */
export function toWebhookAttempt(row: WebhookAttemptRow): WebhookAttemptObject {
  return {
    object: "webhook_attempt",
    attempt: row.attempt,
    started_at: row.startedAt.toISOString(),
    status_code: row.statusCode,
    latency_ms: row.latencyMs,
    failure: row.failure,
    error: row.error,
    response_excerpt: row.responseExcerpt,
  };
}
