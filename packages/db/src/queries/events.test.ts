import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EventPosition,
  findEventPosition,
  insertEvents,
  listEventsAfter,
  pruneEvents,
} from "./events";

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

describe("listEventsAfter filters", () => {
  it("filters by event names and a half-open created_at range, keeping commit order", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    await insertEvents(database.db, [
      { ...event("event_f_1"), organizationId: "org_f", createdAt: at(0) },
      {
        ...event("event_f_2"),
        organizationId: "org_f",
        createdAt: at(1),
        event: "dsync.user.deleted",
      },
      { ...event("event_f_3"), organizationId: "org_f", createdAt: at(2) },
      { ...event("event_f_4"), organizationId: "org_f", createdAt: at(3) },
    ]);
    const ids = async (params: Partial<Parameters<typeof listEventsAfter>[1]>) =>
      (await listEventsAfter(database.db, { limit: 10, organizationId: "org_f", ...params })).map(
        (e) => e.id,
      );
    expect(await ids({ eventTypes: ["dsync.user.deleted"] })).toEqual(["event_f_2"]);
    expect(await ids({ eventTypes: ["dsync.user.created"] })).toEqual([
      "event_f_1",
      "event_f_3",
      "event_f_4",
    ]);
    expect(await ids({ rangeStart: at(1), rangeEnd: at(3) })).toEqual(["event_f_2", "event_f_3"]);
    const position = await findEventPosition(database.db, "event_f_2");
    expect(position?.createdAt).toEqual(at(1));
    expect(await ids({ after: position, eventTypes: ["dsync.user.created"] })).toEqual([
      "event_f_3",
      "event_f_4",
    ]);
    expect(await findEventPosition(database.db, "event_missing")).toBeUndefined();
  });
});

describe("pruneEvents", () => {
  it("deletes only events created before the cut-off", async () => {
    const old = new Date("2001-01-01T00:00:00Z");
    await insertEvents(database.db, [
      { ...event("event_old_1"), organizationId: "org_p", createdAt: old },
      { ...event("event_old_2"), organizationId: "org_p", createdAt: old },
      { ...event("event_new_1"), organizationId: "org_p" },
    ]);
    expect(await pruneEvents(database.db, { olderThan: new Date("2001-01-02T00:00:00Z") })).toBe(2);
    const left = await listEventsAfter(database.db, { limit: 10, organizationId: "org_p" });
    expect(left.map((e) => e.id)).toEqual(["event_new_1"]);
  });
});
