import { and, eq, gt, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { events } from "../schema";

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = Pick<
  typeof events.$inferInsert,
  "id" | "organizationId" | "directoryId" | "event" | "data" | "createdAt"
>;

/** Where a reader stands in the event log: the (txid, seq) of the last event it saw. */
export interface EventPosition {
  txid: string;
  seq: number;
}

/** Appends events in the caller's transaction (the outbox write). */
export async function insertEvents(db: Db, rows: NewEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(events).values(rows);
}

/**
 * Events after `after`, in commit-safe order. Only rows written by transactions older than
 * the oldest one still running are visible (`txid < xmin` of the current snapshot), so an
 * event that commits late can never land behind a cursor a reader has already passed.
 */
export async function listEventsAfter(
  db: Db,
  params: {
    after?: EventPosition;
    limit: number;
    organizationId?: string;
    /** Only these event names; absent means every name. */
    eventTypes?: readonly string[];
    /** `created_at >= rangeStart`. */
    rangeStart?: Date;
    /** `created_at < rangeEnd` (half-open, so consecutive ranges tile without overlap). */
    rangeEnd?: Date;
  },
): Promise<EventRow[]> {
  const visible = sql`${events.txid} < pg_snapshot_xmin(pg_current_snapshot())`;
  const afterCursor = params.after
    ? or(
        gt(events.txid, sql`${params.after.txid}::xid8`),
        and(eq(events.txid, sql`${params.after.txid}::xid8`), gt(events.seq, params.after.seq)),
      )
    : undefined;
  return db
    .select()
    .from(events)
    .where(
      and(
        visible,
        afterCursor,
        params.organizationId ? eq(events.organizationId, params.organizationId) : undefined,
        params.eventTypes ? inArray(events.event, [...params.eventTypes]) : undefined,
        params.rangeStart ? gte(events.createdAt, params.rangeStart) : undefined,
        params.rangeEnd ? lt(events.createdAt, params.rangeEnd) : undefined,
      ),
    )
    .orderBy(events.txid, events.seq)
    .limit(params.limit);
}

/** Where event `id` stands in the log, and when it was created; undefined when there is no such event. */
export async function findEventPosition(
  db: Db,
  id: string,
): Promise<(EventPosition & { createdAt: Date }) | undefined> {
  // Cursors are global like WorkOS's (one API key sees every organization), so no tenant scope.
  const [row] = await db
    .select({ txid: events.txid, seq: events.seq, createdAt: events.createdAt })
    .from(events)
    .where(eq(events.id, id))
    .limit(1);
  return row;
}

// Rows deleted per statement: keeps each prune transaction and its locks short on a large log.
const PRUNE_BATCH = 5000;

/**
 * Deletes every event created before `olderThan`, in batches, and returns how many went.
 * Retention is environment-wide by design (one window for all tenants), hence no tenant scope.
 */
export async function pruneEvents(db: Db, params: { olderThan: Date }): Promise<number> {
  let total = 0;
  for (;;) {
    const doomed = db
      .select({ id: events.id })
      .from(events)
      .where(lt(events.createdAt, params.olderThan))
      .limit(PRUNE_BATCH);
    const deleted = await db
      .delete(events)
      .where(inArray(events.id, doomed))
      .returning({ id: events.id });
    total += deleted.length;
    if (deleted.length < PRUNE_BATCH) return total;
  }
}
