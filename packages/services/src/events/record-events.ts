import { type NewEvent, newId } from "@dsync/core";
import { type Db, insertEvents, type NewEventRow } from "@dsync/db";

/** The outbox rows for events, each with a fresh id and one creation time. */
export function toEventRows(events: NewEvent[], createdAt: Date = new Date()): NewEventRow[] {
  return events.map((e) => ({
    id: newId("event"),
    organizationId: e.organizationId,
    directoryId: e.directoryId,
    event: e.event,
    data: e.data,
    createdAt,
  }));
}

/** Appends events to the outbox in the caller's transaction, so they commit with the change. */
export async function recordEvents(tx: Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertEvents(tx, toEventRows(events));
}
