import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventPosition, insertEvents, listEventsAfter } from "./events";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

function event(id: string) {
  return {
    id,
    organizationId: "org_1",
    directoryId: "directory_1",
    event: "dsync.user.created",
    data: { id },
    createdAt: new Date(),
  };
}

describe("listEventsAfter", () => {
  it("never lets a cursor pass an event whose transaction commits late", async () => {
    // Two raw connections so the two transactions really overlap.
    const a = postgres(database.url, { max: 1, onnotice: () => {} });
    const b = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      let releaseA!: () => void;
      const aMayCommit = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      let aInserted!: () => void;
      const aHasInserted = new Promise<void>((resolve) => {
        aInserted = resolve;
      });
      const slow = a.begin(async (tx) => {
        await tx`insert into events (id, event, data) values ('event_a', 'dsync.user.created', '{}')`;
        aInserted();
        await aMayCommit;
      });
      await aHasInserted;
      await b.begin(async (tx) => {
        await tx`insert into events (id, event, data) values ('event_b', 'dsync.user.created', '{}')`;
      });

      // B committed, A has not: a reader must not see B yet, or its cursor would skip A.
      const early = await listEventsAfter(database.db, { limit: 10 });
      expect(early.map((e) => e.id)).toEqual([]);

      releaseA();
      await slow;
      const all = await listEventsAfter(database.db, { limit: 10 });
      expect(all.map((e) => e.id)).toEqual(["event_a", "event_b"]);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it("pages forward from a position without repeating or skipping", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `event_page_${String(i).padStart(2, "0")}`);
    for (const id of ids) await insertEvents(database.db, [event(id)]);
    const seen: string[] = [];
    let after: EventPosition | undefined;
    for (;;) {
      const page = await listEventsAfter(database.db, { limit: 7, ...(after ? { after } : {}) });
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.id));
      const last = page[page.length - 1]!;
      after = { txid: last.txid, seq: last.seq };
    }
    expect(seen.filter((id) => id.startsWith("event_page_"))).toEqual(ids);
  });
});
