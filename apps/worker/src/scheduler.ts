/** Runs webhook deliveries; the two implementations differ only in where the schedule lives. */
export interface DeliveryScheduler {
  /** `redis`: BullMQ jobs; `in-process`: straight from Postgres (no `REDIS_URL`). */
  readonly mode: "redis" | "in-process";
  /** Stops taking work; in-flight deliveries finish or, at the deadline, are released. */
  close(deadlineMs: number): Promise<void>;
}

/** Waits for in-flight work; at the deadline aborts it (each gives its lease back) and waits again. */
export async function settleWithin(
  inFlight: Set<Promise<void>>,
  deadlineMs: number,
  shutdown: AbortController,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), deadlineMs);
  });
  const result = await Promise.race([Promise.allSettled([...inFlight]), deadline]);
  clearTimeout(timer);
  if (result === "deadline") {
    shutdown.abort();
    await Promise.allSettled([...inFlight]);
  }
}
