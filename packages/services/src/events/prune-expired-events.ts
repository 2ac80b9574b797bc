import { type Db, pruneEvents } from "@dsync/db";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes events older than the retention window (`DSYNC_EVENT_RETENTION_DAYS`); returns how many. */
export async function pruneExpiredEvents(
  db: Db,
  params: { retentionDays: number; now?: Date },
): Promise<number> {
  const now = params.now ?? new Date();
  return pruneEvents(db, { olderThan: new Date(now.getTime() - params.retentionDays * DAY_MS) });
}
