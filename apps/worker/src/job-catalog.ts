import type { JobsOptions } from "bullmq";
import { z } from "zod";

/** The one queue webhook deliveries run on. */
export const DELIVERY_QUEUE = "webhook-deliveries";

/**
 * Every job the worker runs: name → payload schema → default options. Jobs carry ids only;
 * the rows in Postgres say what to do, so a lost or repeated job costs nothing.
 */
export const JOBS = {
  "webhook.deliver": {
    payload: z.object({ deliveryId: z.string().min(1) }),
    options: {
      // Delivery failures are recorded in Postgres and retried by scheduling a new job; BullMQ's
      // own retries only cover this process failing to reach Postgres (or shutting down).
      attempts: 8,
      backoff: { type: "exponential", delay: 1000 },
      // Finished jobs are gone at once: their ids can then be scheduled again by the sweeper.
      removeOnComplete: true,
      removeOnFail: true,
    } satisfies JobsOptions,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type DeliverJob = z.infer<(typeof JOBS)["webhook.deliver"]["payload"]>;
