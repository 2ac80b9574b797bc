import { loadConfig } from "@dsync/config";
import { EVENT_TYPES, idTime, newId } from "@dsync/core";
import { connectPostgres, insertEvents } from "@dsync/db";
import { createLogger } from "@dsync/runtime";
import { pruneExpiredEvents } from "@dsync/services";
import { createTestDatabase, eventually, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { startEventRetention } from "./event-retention";
import { type Body, type TestDir as Dir, TEST_API_KEY, testClient } from "./test-client";

// The WorkOS-compatible Events API (`GET /events`), fed through the real SCIM endpoints.

const config = loadConfig({
  DSYNC_API_KEY: TEST_API_KEY,
  DSYNC_PUBLIC_URL: "https://dsync.test/",
  LOG_LEVEL: "silent",
});
const DAY_MS = 24 * 60 * 60 * 1000;
const ALL = EVENT_TYPES.join(",");

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const { call, get, newDirectory, scimUser, scimGroup } = testClient(() => app);

/** Follows `list_metadata.after` until an empty page, as a WorkOS Events API reader does. */
async function walk(query: string, from?: string) {
  const seen: Body[] = [];
  let page = await get(`/events?${query}${from ? `&after=${from}` : ""}`);
  for (;;) {
    seen.push(...page.data);
    if (page.data.length === 0) {
      expect(page.list_metadata).toEqual({ after: null });
      return seen;
    }
    expect(page.list_metadata.after).toBe(page.data[page.data.length - 1].id);
    page = await get(`/events?${query}&after=${page.list_metadata.after}`);
  }
}

/** An event id minted at `ms` (core's `ulid` is monotonic, so it cannot go back in time). */
function eventIdAt(ms: number): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let time = "";
  for (let rest = ms, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) {
    time = alphabet[rest % 32] + time;
  }
  return `event_${time}${newId("event").slice(-16)}`;
}

let dirA: Dir;
let dirB: Dir;
let usersA: string[];
let groupA: string;
let userB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ config, db: database.db }, { logger: createLogger("silent") });
  dirA = await newDirectory("Acme");
  dirB = await newDirectory("Globex");
  usersA = [];
  // One at a time, so each user.created event has its own created_at (the range test needs it).
  for (const name of ["ada", "bob", "cy", "dee", "eve"])
    usersA.push(await scimUser(dirA, `${name}@acme.test`));
  groupA = await scimGroup(dirA, "Engineering", usersA.slice(0, 2));
  userB = await scimUser(dirB, "gus@globex.test");
  // Visibility is commit-ordered across the whole Postgres cluster, so a transaction of another
  // test file can hold the newest events back for a moment: wait until all 11 are readable.
  await eventually(async () => {
    expect((await get(`/events?events=${ALL}&limit=100`)).data).toHaveLength(11);
  });
});

afterAll(async () => {
  await database?.drop();
});

describe("GET /events", () => {
  it("accepts events=a,b, events[]=a&events[]=b and events=a&events=b alike", async () => {
    const org = `organization_id=${dirA.organizationId}&limit=100`;
    const comma = await get(`/events?events=dsync.user.created,dsync.group.created&${org}`);
    const brackets = await get(
      `/events?events[]=dsync.user.created&events[]=dsync.group.created&${org}`,
    );
    const repeated = await get(
      `/events?events=dsync.user.created&events=dsync.group.created&${org}`,
    );
    expect(comma.object).toBe("list");
    expect(comma.data.map((e: Body) => [e.event, e.data.id])).toEqual([
      ...usersA.map((id) => ["dsync.user.created", id]),
      ["dsync.group.created", groupA],
    ]);
    expect(brackets).toEqual(comma);
    expect(repeated).toEqual(comma);
  });

  it("renders each event as the webhook envelope, nothing more", async () => {
    const page = await get(
      `/events?events=dsync.group.user_added&organization_id=${dirA.organizationId}`,
    );
    expect(page.data).toHaveLength(2);
    for (const event of page.data) {
      expect(Object.keys(event).sort()).toEqual(["created_at", "data", "event", "id", "object"]);
      expect(event).toMatchObject({ object: "event", event: "dsync.group.user_added" });
      expect(event.id).toMatch(/^event_[0-9A-Z]{26}$/);
      expect(new Date(event.created_at).toISOString()).toBe(event.created_at);
      expect(event.data).toMatchObject({
        directory_id: dirA.id,
        user: { object: "directory_user" },
        group: { object: "directory_group", id: groupA, name: "Engineering" },
      });
    }
    expect(page.data.map((e: Body) => e.data.user.id).sort()).toEqual(usersA.slice(0, 2).sort());
  });

  it("answers 422 for a missing events filter, WorkOS's shape", async () => {
    for (const path of ["/events", "/events?events=", "/events?limit=5"]) {
      const body = await get(path, 422);
      expect(body.message).toEqual(expect.any(String));
      expect(body.errors).toEqual([{ code: "required", field: "events" }]);
    }
  });

  it("answers 422 for an unknown event name, a bad limit, order or range", async () => {
    const unknown = await get("/events?events=dsync.user.created,user.created", 422);
    expect(unknown.errors[0].field).toBe("events.1");
    await get("/events?events[]=dsync.nope", 422);
    await get("/events?events=dsync.user.created&limit=0", 422);
    await get("/events?events=dsync.user.created&limit=101", 422);
    await get("/events?events=dsync.user.created&order=desc", 422);
    await get("/events?events=dsync.user.created&range_start=yesterday", 422);
    await get(
      "/events?events=dsync.user.created&range_start=2030-01-02T00:00:00Z&range_end=2030-01-01T00:00:00Z",
      422,
    );
  });

  it("defaults to 10 events a page and allows 100", async () => {
    const many = await get(`/events?events=${ALL}&limit=100`);
    expect(many.data.length).toBeGreaterThan(10);
    expect((await get(`/events?events=${ALL}`)).data).toHaveLength(10);
  });

  it("pages with limit 2 to the end without skipping or repeating", async () => {
    const everything = (await get(`/events?events=${ALL}&limit=100`)).data.map((e: Body) => e.id);
    const walked = (await walk(`events=${ALL}&limit=2`)).map((e) => e.id);
    expect(walked).toEqual(everything);
    expect(new Set(walked).size).toBe(walked.length);
    // dsync.activated + 5 users + group + 2 memberships in A; activated + 1 user in B.
    expect(walked.length).toBe(11);
  });

  it("filters by organization", async () => {
    const b = await walk(`events=${ALL}&organization_id=${dirB.organizationId}&limit=2`);
    expect(b.map((e) => e.event)).toEqual(["dsync.activated", "dsync.user.created"]);
    expect(b[0]?.data).toMatchObject({ object: "directory", id: dirB.id });
    expect(b[1]?.data).toMatchObject({ id: userB, organization_id: dirB.organizationId });
    const none = await get(`/events?events=${ALL}&organization_id=org_nobody`);
    expect(none).toEqual({ object: "list", data: [], list_metadata: { after: null } });
  });

  it("filters by range_start (inclusive) and range_end (exclusive) on created_at", async () => {
    const created = (
      await get(`/events?events=dsync.user.created&organization_id=${dirA.organizationId}`)
    ).data as Body[];
    const [first, second, third] = created;
    const q = `events=dsync.user.created&organization_id=${dirA.organizationId}`;
    const window = await get(
      `/events?${q}&range_start=${second!.created_at}&range_end=${third!.created_at}`,
    );
    expect(window.data.map((e: Body) => e.id)).toEqual([second!.id]);
    const from = await get(`/events?${q}&range_start=${second!.created_at}`);
    expect(from.data.map((e: Body) => e.id)).toEqual(created.slice(1).map((e) => e.id));
    const until = await get(`/events?${q}&range_end=${second!.created_at}`);
    expect(until.data.map((e: Body) => e.id)).toEqual([first!.id]);
    // A bare date is accepted too, as the WorkOS SDK's own examples send one.
    expect((await get(`/events?${q}&range_end=2000-01-01`)).data).toEqual([]);
  });

  it("continues after a cursor whose own type is filtered out", async () => {
    const all = (await get(`/events?events=${ALL}&organization_id=${dirA.organizationId}`)).data;
    const groupCreated = all.find((e: Body) => e.event === "dsync.group.created");
    const after = await get(
      `/events?events=dsync.group.user_added&organization_id=${dirA.organizationId}&after=${groupCreated.id}`,
    );
    expect(after.data).toHaveLength(2);
  });

  it("answers 400 for an unknown cursor", async () => {
    for (const cursor of [newId("event"), "not-an-event-id", newId("directoryUser")]) {
      const body = await get(`/events?events=${ALL}&after=${cursor}`, 400);
      expect(body.message).toContain("Unknown cursor");
      expect(body.code).toBe("BAD_REQUEST");
    }
  });

  it("prunes only events past retention, and their ids become expired cursors", async () => {
    const old = new Date(Date.now() - 31 * DAY_MS);
    const oldId = eventIdAt(old.getTime());
    await insertEvents(database.db, [
      {
        id: oldId,
        organizationId: dirA.organizationId,
        directoryId: dirA.id,
        event: "dsync.user.created",
        data: { id: "directory_user_old" },
        createdAt: old,
      },
    ]);
    const before = await eventually(async () => {
      const ids = (await get(`/events?events=${ALL}&limit=100`)).data.map((e: Body) => e.id);
      expect(ids).toContain(oldId);
      return ids as string[];
    });
    // Past retention but not yet pruned: already expired, as a prune may be half way through.
    const early = await get(`/events?events=${ALL}&after=${oldId}`, 400);
    expect(early.message).toContain("Expired cursor");

    expect(await pruneExpiredEvents(database.db, { retentionDays: 30 })).toBe(1);
    const after = (await get(`/events?events=${ALL}&limit=100`)).data.map((e: Body) => e.id);
    expect(after).toEqual(before.filter((id) => id !== oldId));

    expect(idTime(oldId)).toEqual(old);
    const body = await get(`/events?events=${ALL}&after=${oldId}`, 400);
    expect(body.message).toContain("Expired cursor");
  });

  it("never skips an event whose transaction commits after a later one", async () => {
    const q = `events=${ALL}&organization_id=${dirA.organizationId}`;
    const start = await walk(q);
    const cursor = start[start.length - 1]!.id as string;

    // A second connection holds a transaction with an event open, as a slow SCIM write would.
    const slow = connectPostgres({ url: database.url, maxConnections: 1 });
    const lateId = newId("event");
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const hasInserted = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    try {
      const open = slow.db.transaction(async (tx) => {
        await insertEvents(tx, [
          {
            id: lateId,
            organizationId: dirA.organizationId,
            directoryId: dirA.id,
            event: "dsync.user.updated",
            data: { id: usersA[0] },
            createdAt: new Date(),
          },
        ]);
        inserted();
        await mayCommit;
      });
      await hasInserted;
      // A later write commits first, through SCIM.
      const dave = await scimUser(dirA, "dave@acme.test");

      // Read while the slow transaction is open: neither event may be handed out yet, or the
      // cursor would move past the late one.
      const during = await get(`/events?${q}&after=${cursor}`);
      expect(during.data).toEqual([]);

      release();
      await open;
      const rest = await eventually(async () => {
        const page = await walk(q, cursor);
        expect(page.map((e) => e.id)).toEqual([lateId, expect.any(String)]);
        return page;
      });
      expect(rest[1]).toMatchObject({ event: "dsync.user.created", data: { id: dave } });
    } finally {
      release();
      await slow.close();
    }
  });

  it("requires the API key", async () => {
    const res = await call(`/events?events=${ALL}`, {}, "wrong-key-0123456789");
    expect(res.status).toBe(401);
  });
});

describe("startEventRetention", () => {
  it("prunes on start and on its timer, and stops cleanly", async () => {
    const oldId = eventIdAt(Date.now() - 40 * DAY_MS);
    await insertEvents(database.db, [
      {
        id: oldId,
        organizationId: "org_retention",
        directoryId: "directory_retention",
        event: "dsync.user.created",
        data: {},
        createdAt: new Date(Date.now() - 40 * DAY_MS),
      },
    ]);
    const retention = startEventRetention({
      db: database.db,
      retentionDays: 30,
      logger: createLogger("silent"),
      intervalMs: 20,
    });
    try {
      await expect
        .poll(async () => (await get(`/events?events=${ALL}&organization_id=org_retention`)).data)
        .toEqual([]);
    } finally {
      await retention.stop();
    }
  });
});
