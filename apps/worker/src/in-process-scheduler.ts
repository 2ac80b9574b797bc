import { setMaxListeners } from "node:events";
import type { DbHandle } from "@dsync/db";
import type { Logger } from "@dsync/runtime";
import {
  attemptClaimedDelivery,
  claimDueDeliveries,
  type WebhookDeliveryDeps,
} from "@dsync/services";
import type { DeliveryMetrics } from "./delivery-metrics";
import { listenForDeliveries } from "./delivery-notifications";
import { type DeliveryScheduler, settleWithin } from "./scheduler";

/** Options of the Redis-less scheduler. */
export interface InProcessSchedulerOptions {
  db: DbHandle;
  deps: WebhookDeliveryDeps;
  concurrency: number;
  /** How often to look for due deliveries besides being notified (retries come due this way). */
  pollIntervalMs: number;
  metrics: DeliveryMetrics;
  logger: Logger;
}

/**
 * Runs deliveries in this process straight from Postgres, for installations without Redis:
 * due rows are claimed in batches (`FOR UPDATE SKIP LOCKED`, so several processes can share
 * the work), woken by the commit-time notification and by a poll for retries coming due.
 */
export async function startInProcessScheduler(
  options: InProcessSchedulerOptions,
): Promise<DeliveryScheduler> {
  const { deps, metrics, logger } = options;
  const shutdown = new AbortController();
  // Every in-flight send listens on this one signal.
  setMaxListeners(0, shutdown.signal);
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let passRunning = false;
  let passWanted = false;

  const runPass = async () => {
    while (!closed && inFlight.size < options.concurrency) {
      const claims = await claimDueDeliveries(deps, options.concurrency - inFlight.size);
      if (claims.length === 0) return;
      for (const claim of claims) {
        const task = attemptClaimedDelivery(deps, claim, shutdown.signal)
          .then(metrics.outcome, (error) =>
            logger.error("webhook delivery failed unexpectedly", {
              delivery_id: claim.delivery.id,
              error,
            }),
          )
          .finally(() => {
            inFlight.delete(task);
            wake();
          });
        inFlight.add(task);
      }
    }
  };

  // One pass at a time; a wake-up during a pass runs one more after it.
  function wake(): void {
    if (closed) return;
    if (passRunning) {
      passWanted = true;
      return;
    }
    passRunning = true;
    runPass()
      .catch((error) => logger.warn("could not claim due deliveries", { error }))
      .finally(() => {
        passRunning = false;
        if (passWanted) {
          passWanted = false;
          wake();
        }
      });
  }

  const unlisten = await listenForDeliveries(options.db, logger, async () => wake());
  const poll = setInterval(wake, options.pollIntervalMs);
  poll.unref();
  wake();

  return {
    mode: "in-process",
    async close(deadlineMs) {
      closed = true;
      clearInterval(poll);
      await unlisten().catch(() => {});
      await settleWithin(inFlight, deadlineMs, shutdown);
    },
  };
}
