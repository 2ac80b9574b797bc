/**
 * Retries `check` until it stops throwing or `timeoutMs` passes, then rethrows its last error.
 * For reads through the commit-ordered event log: an event becomes visible only once every
 * older transaction (an autovacuum ANALYZE, another request) has finished, a few ms later.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
