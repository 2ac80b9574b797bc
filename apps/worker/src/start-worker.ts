import type { Config } from "@dsync/config";
import type { DbHandle } from "@dsync/db";
import { createLogger, createMetricsRegistry, type Logger, type Registry } from "@dsync/runtime";
import type { WebhookDeliveryDeps } from "@dsync/services";
import { createWebhookClient, type WebhookClient } from "@dsync/webhooks";
import { createDeliveryMetrics } from "./delivery-metrics";
import { startInProcessScheduler } from "./in-process-scheduler";
import { type BullmqTimings, startRedisScheduler } from "./redis-scheduler";
import type { DeliveryScheduler } from "./scheduler";

/** How long `close()` lets in-flight deliveries finish before releasing them. */
export const WORKER_SHUTDOWN_DEADLINE_MS = 10_000;

// Without Redis, retries coming due are found by polling Postgres this often.
const IN_PROCESS_POLL_MS = 1000;

/** Options of `startWorker`. */
export interface StartWorkerOptions {
  config: Config;
  /** An open, migrated database; the caller owns it. */
  db: DbHandle;
  logger?: Logger;
  /** Where delivery metrics go; defaults to a new registry. */
  registry?: Registry;
  /** The outbound client; defaults to one built from `config.webhooks`. */
  client?: WebhookClient;
  /** BullMQ timings (tests shorten them). */
  timings?: Partial<BullmqTimings>;
}

/** A started delivery worker. */
export interface RunningWorker {
  mode: DeliveryScheduler["mode"];
  registry: Registry;
  /** Stops taking work; in-flight deliveries finish or are released by the deadline. */
  close(deadlineMs?: number): Promise<void>;
}

/**
 * The composition root of webhook delivery: the outbound client, the metrics and a scheduler,
 * BullMQ when `REDIS_URL` is set and in-process from Postgres otherwise. Same rows, same
 * delivery verb; only where the schedule lives differs.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config, db } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const registry = options.registry ?? createMetricsRegistry();
  const metrics = createDeliveryMetrics(registry);
  const client =
    options.client ??
    createWebhookClient({
      allowPrivate: config.webhooks.allowPrivate,
      timeoutMs: config.webhooks.timeoutMs,
    });
  const deps: WebhookDeliveryDeps = {
    db: db.db,
    client,
    settings: {
      timeoutMs: config.webhooks.timeoutMs,
      retryScheduleMs: config.webhooks.retryScheduleMs,
      disableAfterMs: config.webhooks.disableAfterMs,
    },
    onAttempt: metrics.attempt,
  };
  const scheduler = config.redisUrl
    ? await startRedisScheduler({
        db,
        deps,
        redisUrl: config.redisUrl,
        prefix: config.queuePrefix,
        concurrency: config.webhooks.concurrency,
        sweepIntervalMs: config.webhooks.sweepIntervalMs,
        ...(options.timings && { timings: options.timings }),
        metrics,
        registry,
        logger,
      })
    : await startInProcessScheduler({
        db,
        deps,
        concurrency: config.webhooks.concurrency,
        pollIntervalMs: IN_PROCESS_POLL_MS,
        metrics,
        logger,
      });
  if (config.webhooks.allowPrivate) {
    logger.warn("DSYNC_WEBHOOK_ALLOW_PRIVATE is on: webhooks may reach private addresses");
  }

  let closing: Promise<void> | undefined;
  return {
    mode: scheduler.mode,
    registry,
    close(deadlineMs = WORKER_SHUTDOWN_DEADLINE_MS) {
      closing ??= (async () => {
        await scheduler.close(deadlineMs);
        if (!options.client) await client.close();
      })();
      return closing;
    },
  };
}
