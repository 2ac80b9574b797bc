import { type Db, pgErrorCode } from "@dsync/db";

// Deadlocks (40P01) and serialization failures (40001) are resolved by Postgres aborting one
// side; the aborted work is safe to run again from the start.
const RETRYABLE = new Set(["40P01", "40001"]);

/** Runs `fn` in one transaction, retrying it a few times when Postgres aborts it as a deadlock victim. */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => fn(tx as unknown as Db));
    } catch (error) {
      const code = pgErrorCode(error);
      if (!code || !RETRYABLE.has(code) || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 10 * Math.random()));
    }
  }
}
