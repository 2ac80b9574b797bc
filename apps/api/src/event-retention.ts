import type { Db } from "@dsync/db";
import type { Logger } from "@dsync/runtime";
import { pruneExpiredEvents } from "@dsync/services";

/** How often the API prunes events past `DSYNC_EVENT_RETENTION_DAYS`. */
export const EVENT_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** A running prune timer. */
export interface EventRetention {
  /** Stops the timer and waits for a prune in flight, so the pool can close under it. */
  stop(): Promise<void>;
}

/**
 * Prunes expired events once now and then every `intervalMs`, from the API process.
 * TODO(worker issue): move this to a BullMQ repeatable job in apps/worker so one replica prunes
 * instead of each API replica (running it on several is harmless: the DELETE is idempotent).
 */
export function startEventRetention(options: {
  db: Db;
  retentionDays: number;
  logger: Logger;
  intervalMs?: number;
}): EventRetention {
  let running: Promise<void> | undefined;
  const prune = () => {
    // Never overlap two prunes: a slow one on a huge backlog must not pile up behind the timer.
    running ??= pruneExpiredEvents(options.db, { retentionDays: options.retentionDays })
      .then((deleted) => {
        if (deleted > 0) options.logger.info("pruned expired events", { deleted });
      })
      .catch((error) => options.logger.error("event pruning failed", { error }))
      .finally(() => {
        running = undefined;
      });
  };
  prune();
  const timer = setInterval(prune, options.intervalMs ?? EVENT_PRUNE_INTERVAL_MS);
  // The timer alone must not keep the process (or a test runner) alive.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
