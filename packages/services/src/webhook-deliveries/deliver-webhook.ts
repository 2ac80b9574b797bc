import { renderEvent, webhookEndpointDisabled } from "@dsync/core";
import {
  type ClaimedDeliveryRow,
  claimWebhookDelivery,
  type Db,
  deliveryJobId,
  disableFailingWebhookEndpoint,
  recordWebhookAttempt,
  releaseWebhookDelivery,
  type WebhookDeliveryStatus,
} from "@dsync/db";
import {
  retryDelayMs,
  signatureHeaders,
  type WebhookAttemptResult,
  type WebhookClient,
} from "@dsync/webhooks";
import { recordEvents } from "../events/record-events";
import { inTransaction } from "../transaction";
import { liveSigningSecrets, toWebhookEndpoint } from "../webhook-endpoints/to-webhook-endpoint";

/** How deliveries are attempted, retried and given up on (from the worker's config). */
export interface WebhookDeliverySettings {
  /** Longest an attempt may take; the lease on a delivery outlasts it. */
  timeoutMs: number;
  /** Delays before attempts 2, 3, …; when they run out the delivery is failed. */
  retryScheduleMs: readonly number[];
  /** An endpoint that has only failed for this long is disabled. */
  disableAfterMs: number;
}

/** What delivering needs: the ledger, the outbound client, the settings. */
export interface WebhookDeliveryDeps {
  db: Db;
  client: WebhookClient;
  settings: WebhookDeliverySettings;
  /** Told about every finished attempt (metrics). */
  onAttempt?: (result: WebhookAttemptResult) => void;
}

/** What became of one scheduled attempt. */
export type DeliveryOutcome =
  /** Not claimable: already done, held by another worker, not due, or its endpoint is off. */
  | { kind: "skipped" }
  /** The caller aborted mid-send (shutdown); the lease was given back, no attempt counted. */
  | { kind: "released" }
  /** The attempt ran but took so long that another worker took the delivery over. */
  | { kind: "lease_lost" }
  | { kind: "delivered"; attempt: number }
  /** Failed; the next attempt is due at `nextAttemptAt` under job id `jobId`. */
  | { kind: "retry"; attempt: number; nextAttemptAt: Date; jobId: string }
  /** Failed for the last time. */
  | { kind: "failed"; attempt: number };

// A scheduler firing a little early (its clock against the database's) still claims.
const EARLY_TOLERANCE_MS = 1000;

/** The lease on a delivery: the attempt's own deadline plus room to record it. */
export function deliveryLeaseMs(settings: WebhookDeliverySettings): number {
  return settings.timeoutMs + 5000;
}

/** Claims delivery `deliveryId` and makes one attempt if it is due; see `DeliveryOutcome`. */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  deliveryId: string,
  signal?: AbortSignal,
): Promise<DeliveryOutcome> {
  const claim = await claimWebhookDelivery(deps.db, {
    id: deliveryId,
    leaseMs: deliveryLeaseMs(deps.settings),
    earlyMs: EARLY_TOLERANCE_MS,
  });
  if (!claim) return { kind: "skipped" };
  return attemptClaimedDelivery(deps, claim, signal);
}

/**
 * Sends a claimed delivery once, signed with the endpoint's live secrets, and records the
 * attempt: delivered on a 2xx, otherwise retried on the schedule or failed when it runs out.
 */
export async function attemptClaimedDelivery(
  deps: WebhookDeliveryDeps,
  claim: ClaimedDeliveryRow,
  signal?: AbortSignal,
): Promise<DeliveryOutcome> {
  const { delivery, event, endpoint } = claim;
  const lockedUntil = delivery.lockedUntil;
  if (!lockedUntil) throw new Error(`delivery ${delivery.id} was claimed without a lease`);
  const startedAt = new Date();
  const signed = signatureHeaders(
    liveSigningSecrets(endpoint, startedAt),
    renderEvent(event),
    startedAt,
  );
  const result = await deps.client.send({
    url: endpoint.endpointUrl,
    body: signed.body,
    headers: signed.headers,
    ...(signal && { signal }),
  });
  if (result.failure === "aborted") {
    await releaseWebhookDelivery(deps.db, { deliveryId: delivery.id, lockedUntil });
    return { kind: "released" };
  }
  deps.onAttempt?.(result);

  const attempt = delivery.attempts + 1;
  const delay = result.ok ? undefined : retryDelayMs(attempt, deps.settings.retryScheduleMs);
  const status: WebhookDeliveryStatus = result.ok
    ? "delivered"
    : delay === undefined
      ? "failed"
      : "pending";
  const nextAttemptAt = delay === undefined ? null : new Date(Date.now() + delay);
  const recorded = await recordWebhookAttempt(deps.db, {
    deliveryId: delivery.id,
    lockedUntil,
    outcome: {
      status,
      nextAttemptAt,
      startedAt,
      statusCode: result.statusCode,
      latencyMs: Math.round(result.latencyMs),
      failure: result.failure,
      error: result.error,
      responseExcerpt: result.ok ? null : result.responseExcerpt,
    },
  });
  if (!recorded) return { kind: "lease_lost" };
  if (recorded.endpointFailingSince) {
    await disableIfFailingTooLong(deps, endpoint.id, recorded.endpointFailingSince);
  }
  if (status === "delivered") return { kind: "delivered", attempt: recorded.attempt };
  if (status === "failed" || !nextAttemptAt) return { kind: "failed", attempt: recorded.attempt };
  return {
    kind: "retry",
    attempt: recorded.attempt,
    nextAttemptAt,
    jobId: deliveryJobId(delivery.id, recorded.attempt + 1),
  };
}

/** Disables the endpoint, and says so with an event, once its failures span `disableAfterMs`. */
async function disableIfFailingTooLong(
  deps: WebhookDeliveryDeps,
  endpointId: string,
  failingSince: Date,
): Promise<void> {
  const cutoff = new Date(Date.now() - deps.settings.disableAfterMs);
  if (failingSince > cutoff) return;
  await inTransaction(deps.db, async (tx) => {
    const disabled = await disableFailingWebhookEndpoint(tx, {
      id: endpointId,
      failingSince: cutoff,
    });
    if (!disabled) return;
    await recordEvents(tx, [webhookEndpointDisabled(toWebhookEndpoint(disabled), failingSince)]);
  });
}
