/** Latency percentiles of a sample, in milliseconds. */
export function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` in flight; returns each latency. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = new Array(total);
  let next = 0;
  const started = performance.now();
  async function lane(): Promise<void> {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const t = performance.now();
      await task(i);
      latencies[i] = since(t);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { latencies, seconds: since(started) / 1000 };
}
