/** Runs webhook deliveries; the two implementations differ only in where the schedule lives. */
export interface DeliveryScheduler {
  /** `redis`: BullMQ jobs; `in-process`: straight from Postgres (no `REDIS_URL`). */
  readonly mode: "redis" | "in-process";
  /** Stops taking work; in-flight deliveries finish or, at the deadline, are released. */
  close(deadlineMs: number): Promise<void>;
}
