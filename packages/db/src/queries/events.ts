import { and, eq, gt, or, sql } from "drizzle-orm";
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
  params: { after?: EventPosition; limit: number; organizationId?: string },
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
      ),
    )
    .orderBy(events.txid, events.seq)
    .limit(params.limit);
}
