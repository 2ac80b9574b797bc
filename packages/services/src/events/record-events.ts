import { type NewEvent, newId } from "@dsync/core";
import { type Db, insertEvents } from "@dsync/db";

/** Appends events to the outbox in the caller's transaction, so they commit with the change. */
export async function recordEvents(tx: Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const createdAt = new Date();
  await insertEvents(
    tx,
    events.map((e) => ({
      id: newId("event"),
      organizationId: e.organizationId,
      directoryId: e.directoryId,
      event: e.event,
      data: e.data,
      createdAt,
    })),
  );
}
