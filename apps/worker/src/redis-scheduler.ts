import { setMaxListeners } from "node:events";
import type { DbHandle } from "@dsync/db";
import type { Logger } from "@dsync/runtime";
import {
  deliverWebhook,
  findLostDeliveries,
  parseDeliveryJobId,
  type WebhookDeliveryDeps,
} from "@dsync/services";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { Gauge, type Registry } from "prom-client";
import type { DeliveryMetrics } from "./delivery-metrics";
import { listenForDeliveries } from "./delivery-notifications";
import { DELIVERY_QUEUE, JOBS } from "./job-catalog";
import { type DeliveryScheduler, settleWithin } from "./scheduler";

/** BullMQ timings; the defaults suit production, tests shorten them to see recovery quickly. */
export interface BullmqTimings {
  /** How long a job's lock lasts without renewal: how soon a crashed worker's job is noticed. */
  lockDurationMs: number;
  /** How often this worker looks for other workers' stalled jobs. */
  stalledIntervalMs: number;
}

/** Options of the BullMQ scheduler. */
export interface RedisSchedulerOptions {
  db: DbHandle;
  deps: WebhookDeliveryDeps;
  redisUrl: string;
  /** Key prefix in Redis; installations and test runs sharing a Redis use different ones. */
  prefix: string;
  concurrency: number;
  sweepIntervalMs: number;
  timings?: Partial<BullmqTimings>;
  metrics: DeliveryMetrics;
  registry: Registry;
  logger: Logger;
}

const DEFAULT_TIMINGS: BullmqTimings = { lockDurationMs: 30_000, stalledIntervalMs: 30_000 };

// Rows read per sweeper query: a large backlog is walked in pages, never loaded at once.
const SWEEP_PAGE = 1000;

/**
 * Runs deliveries as BullMQ jobs. Postgres decides what is due; Redis only schedules:
 * new deliveries arrive by NOTIFY at commit and are enqueued under deterministic job ids
 * (`<delivery>.<attempt>`, so every listener can enqueue the same one harmlessly), retries are
 * delayed jobs, and a sweeper re-enqueues whatever Redis lost (restart, FLUSHALL, eviction).
 */
export async function startRedisScheduler(
  options: RedisSchedulerOptions,
): Promise<DeliveryScheduler> {
  const { deps, metrics, logger } = options;
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const job = JOBS["webhook.deliver"];
  // Commands wait out a Redis restart instead of failing (BullMQ requires this for workers).
  const connect = () => new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const producerConnection = connect();
  const workerConnection = connect();
  for (const connection of [producerConnection, workerConnection]) {
    connection.on("error", (error) => logger.warn("redis connection error", { error }));
  }
  const queue = new Queue(DELIVERY_QUEUE, {
    connection: producerConnection,
    prefix: options.prefix,
  });
  queue.on("error", (error) => logger.warn("delivery queue error", { error }));
  const shutdown = new AbortController();
  // Every in-flight send listens on this one signal.
  setMaxListeners(0, shutdown.signal);

  const enqueue = async (jobIds: string[], delayMs = 0) => {
    const jobs = jobIds.flatMap((jobId) => {
      const parsed = parseDeliveryJobId(jobId);
      if (!parsed) return [];
      const data = { deliveryId: parsed.deliveryId };
      return [{ name: "webhook.deliver", data, opts: { ...job.options, jobId, delay: delayMs } }];
    });
    if (jobs.length > 0) await queue.addBulk(jobs);
  };

  const worker = new Worker(
    DELIVERY_QUEUE,
    async (bullJob) => {
      const payload = job.payload.safeParse(bullJob.data);
      if (!payload.success) throw new UnrecoverableError("webhook.deliver needs a deliveryId");
      const outcome = await deliverWebhook(deps, payload.data.deliveryId, shutdown.signal);
      metrics.outcome(outcome);
      if (outcome.kind === "retry") {
        const delay = Math.max(0, outcome.nextAttemptAt.getTime() - Date.now());
        // The attempt is recorded; if this enqueue fails the sweeper schedules the retry.
        await enqueue([outcome.jobId], delay).catch((error) =>
          logger.warn("could not schedule a retry; the sweeper will", { error }),
        );
      }
      if (outcome.kind === "released") {
        // Throwing hands the job back to BullMQ, which retries it on another worker.
        throw new Error("delivery released at shutdown");
      }
    },
    {
      connection: workerConnection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: timings.lockDurationMs,
      stalledInterval: timings.stalledIntervalMs,
      // A crash leaves its jobs stalled; they must go back to the queue, never fail for it.
      maxStalledCount: 1000,
    },
  );
  worker.on("error", (error) => logger.warn("delivery worker error", { error }));

  let sweeping: Promise<void> | undefined;
  // A sweep asked for while one runs is run right after it (with the smallest overdue asked):
  // the running one may already have passed the rows that the new request is about.
  let queuedOverdueMs: number | undefined;
  /**
   * Sweeps name overdue, unheld deliveries. If such a delivery's job is still `active`, the
   * worker running it died before taking the lease (a live one would have taken it in
   * milliseconds), and BullMQ would ignore a re-enqueue under that id until its stalled check
   * (`lockDuration`) returns the job. Those get an id of this sweep window instead: new, but
   * the same for every worker sweeping in that window.
   */
  const unstuck = async (jobIds: string[]) => {
    const window =
      Math.floor(Date.now() / (2 * options.sweepIntervalMs)) * 2 * options.sweepIntervalMs;
    const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
    return jobIds.map((id, i) => (states[i] === "active" ? `${id}.${window}` : id));
  };
  const sweepOnce = async (overdueMs: number) => {
    let afterId: string | undefined;
    for (;;) {
      const page = await findLostDeliveries(deps.db, {
        overdueMs,
        limit: SWEEP_PAGE,
        ...(afterId && { afterId }),
      });
      await enqueue(await unstuck(page.jobIds));
      if (page.jobIds.length < SWEEP_PAGE) return;
      afterId = page.lastId;
    }
  };
  /** Enqueues every pending delivery overdue by `overdueMs` that no one holds. */
  const sweep = (overdueMs: number): Promise<void> => {
    if (sweeping) {
      queuedOverdueMs = Math.min(queuedOverdueMs ?? overdueMs, overdueMs);
      return sweeping;
    }
    sweeping = (async () => {
      let next: number | undefined = overdueMs;
      while (next !== undefined) {
        queuedOverdueMs = undefined;
        await sweepOnce(next).catch((error) => logger.warn("delivery sweep failed", { error }));
        next = queuedOverdueMs;
      }
    })().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };

  const unlisten = await listenForDeliveries(options.db, logger, async (notification) => {
    if (notification.kind === "scan") await sweep(0);
    else await enqueue(notification.jobIds);
  });
  // Work that was due while no worker ran (or while Redis was empty) starts at once.
  void sweep(0);
  // Queued, healthy work is never overdue by two sweep intervals; anything that is was lost.
  const sweeper = setInterval(
    () => void sweep(2 * options.sweepIntervalMs),
    options.sweepIntervalMs,
  );
  sweeper.unref();

  new Gauge({
    name: "dsync_webhook_queue_jobs",
    help: "Delivery jobs in the BullMQ queue by state (wait, delayed, active).",
    labelNames: ["state"],
    registers: [options.registry],
    async collect() {
      const counts = await queue.getJobCounts("wait", "delayed", "active");
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });

  return {
    mode: "redis",
    async close(deadlineMs) {
      clearInterval(sweeper);
      await unlisten().catch(() => {});
      await sweeping;
      // worker.close() waits for active jobs; at the deadline they are aborted and release.
      const closing = worker.close();
      await settleWithin(new Set([closing]), deadlineMs, shutdown);
      await queue.close();
      await Promise.allSettled([producerConnection.quit(), workerConnection.quit()]);
    },
  };
}
