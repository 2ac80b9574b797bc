import { createTestDatabase, eventually, type TestDatabase } from "@dsync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { executeRows } from "../rows";
import { insertEvents } from "./events";
import {
  type AttemptOutcome,
  claimDueWebhookDeliveries,
  claimWebhookDelivery,
  deliveryJobId,
  disableFailingWebhookEndpoint,
  findOverdueWebhookDeliveries,
  findWebhookDelivery,
  listWebhookDeliveries,
  parseDeliveryJobId,
  recordWebhookAttempt,
  replayWebhookDeliveriesInRange,
  replayWebhookDelivery,
  WEBHOOK_DELIVERY_CHANNEL,
  webhookBacklog,
} from "./webhook-deliveries";
import { insertWebhookEndpoint } from "./webhook-endpoints";

let database: TestDatabase;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(
    sql`insert into organizations (id, name) values ('org_a', 'A'), ('org_b', 'B')`,
  );
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await database.db.execute(sql`delete from webhook_endpoints`);
  await database.db.execute(sql`delete from events`);
});

async function endpoint(
  events: string[],
  organizationId: string | null = null,
  status = "enabled",
) {
  seq++;
  return insertWebhookEndpoint(database.db, {
    id: `we_${String(seq).padStart(26, "0")}`,
    organizationId,
    endpointUrl: "https://receiver.example/hook",
    events,
    status,
    secret: "whsec_test",
  });
}

function event(name: string, organizationId = "org_a", createdAt = new Date()) {
  seq++;
  return {
    id: `event_${String(seq).padStart(26, "0")}`,
    organizationId,
    directoryId: "directory_1",
    event: name,
    data: { n: seq },
    createdAt,
  };
}

const success = (startedAt = new Date()): AttemptOutcome => ({
  status: "delivered",
  nextAttemptAt: null,
  startedAt,
  statusCode: 200,
  latencyMs: 3,
  failure: null,
  error: null,
  responseExcerpt: null,
});

const failure = (nextAttemptAt: Date | null, startedAt = new Date()): AttemptOutcome => ({
  status: nextAttemptAt ? "pending" : "failed",
  nextAttemptAt,
  startedAt,
  statusCode: 500,
  latencyMs: 5,
  failure: "http_status",
  error: "500 Internal Server Error",
  responseExcerpt: "oops",
});

/** Claims a due delivery and records one attempt of it, as a worker would. */
async function attemptOnce(id: string, outcome: AttemptOutcome) {
  const claim = await claimWebhookDelivery(database.db, { id, leaseMs: 10_000, earlyMs: 0 });
  if (!claim?.delivery.lockedUntil) throw new Error(`delivery ${id} was not claimable`);
  return recordWebhookAttempt(database.db, {
    deliveryId: id,
    lockedUntil: claim.delivery.lockedUntil,
    outcome,
  });
}

describe("fan-out trigger", () => {
  it("creates one pending delivery per enabled endpoint subscribed to the event and its organization", async () => {
    const all = await endpoint(["dsync.user.created"]);
    const scopedA = await endpoint(["dsync.user.created"], "org_a");
    await endpoint(["dsync.user.created"], "org_b");
    await endpoint(["dsync.group.created"]);
    await endpoint(["dsync.user.created"], null, "disabled");
    const e = event("dsync.user.created", "org_a");
    await insertEvents(database.db, [e]);

    const rows = await listWebhookDeliveries(database.db, {
      limit: 10,
      order: "asc",
      eventId: e.id,
    });
    expect(rows.map((r) => r.endpointId).sort()).toEqual([all.id, scopedA.id].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ status: "pending", attempts: 0, event: "dsync.user.created" });
      expect(row.id).toMatch(/^webhook_delivery_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(row.nextAttemptAt).not.toBeNull();
    }
  });

  it("gives database-made ids the current time, so they sort with the rest", async () => {
    await endpoint(["dsync.user.created"]);
    const before = Date.now();
    await insertEvents(database.db, [event("dsync.user.created")]);
    const [row] = await listWebhookDeliveries(database.db, { limit: 1, order: "desc" });
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const ms = [...(row?.id.slice("webhook_delivery_".length, -16) ?? "")].reduce(
      (acc, c) => acc * 32 + alphabet.indexOf(c),
      0,
    );
    expect(Math.abs(ms - before)).toBeLessThan(60_000);
  });

  it("announces the new deliveries' job ids at commit, 100 per notification", async () => {
    await endpoint(["dsync.user.created"]);
    const payloads: string[] = [];
    const stop = await database.listen(WEBHOOK_DELIVERY_CHANNEL, (p) => payloads.push(p));
    try {
      const e = event("dsync.user.created");
      await insertEvents(database.db, [e]);
      const [row] = await listWebhookDeliveries(database.db, {
        limit: 1,
        order: "asc",
        eventId: e.id,
      });
      await eventually(async () => expect(payloads).toContain(deliveryJobId(row!.id, 1)));

      const batch = Array.from({ length: 150 }, () => event("dsync.user.created"));
      await insertEvents(database.db, batch);
      const rows = await listWebhookDeliveries(database.db, { limit: 200, order: "asc" });
      const batchIds = new Set(batch.map((e) => e.id));
      const expected = rows
        .filter((r) => batchIds.has(r.eventId))
        .map((r) => deliveryJobId(r.id, 1))
        .sort();
      expect(expected).toHaveLength(150);
      await eventually(async () => {
        const notified = payloads.slice(1).map((p) => p.split(","));
        // Chunks of at most 100 ids keep each payload under NOTIFY's 8000-byte limit.
        expect(notified.map((ids) => ids.length).sort()).toEqual([100, 50]);
        expect(notified.flat().sort()).toEqual(expected);
      });
    } finally {
      await stop();
    }
  });

  it("creates nothing and sends nothing when no endpoint subscribes", async () => {
    await insertEvents(database.db, [event("dsync.user.created")]);
    expect(await listWebhookDeliveries(database.db, { limit: 10, order: "asc" })).toEqual([]);
  });
});

describe("claim and record", () => {
  it("leases a due delivery once; a second claim gets nothing until the lease lapses", async () => {
    await endpoint(["dsync.user.created"]);
    await insertEvents(database.db, [event("dsync.user.created")]);
    const [row] = await listWebhookDeliveries(database.db, { limit: 1, order: "asc" });
    const claim = await claimWebhookDelivery(database.db, {
      id: row!.id,
      leaseMs: 200,
      earlyMs: 0,
    });
    expect(claim?.event.id).toBe(row!.eventId);
    expect(claim?.endpoint.id).toBe(row!.endpointId);
    expect(claim?.delivery.lockedUntil).toBeInstanceOf(Date);
    expect(
      await claimWebhookDelivery(database.db, { id: row!.id, leaseMs: 200, earlyMs: 0 }),
    ).toBeUndefined();
    await new Promise((r) => setTimeout(r, 250));
    const again = await claimWebhookDelivery(database.db, {
      id: row!.id,
      leaseMs: 200,
      earlyMs: 0,
    });
    expect(again).toBeDefined();
    // The first holder lost its lease: its record is refused, the new holder's counts.
    expect(
      await recordWebhookAttempt(database.db, {
        deliveryId: row!.id,
        lockedUntil: claim!.delivery.lockedUntil!,
        outcome: success(),
      }),
    ).toBeUndefined();
    expect(
      await recordWebhookAttempt(database.db, {
        deliveryId: row!.id,
        lockedUntil: again!.delivery.lockedUntil!,
        outcome: success(),
      }),
    ).toEqual({ attempt: 1, endpointFailingSince: null });
    const found = await findWebhookDelivery(database.db, { id: row!.id });
    expect(found?.delivery).toMatchObject({ status: "delivered", attempts: 1, lockedUntil: null });
    expect(found?.attempts).toHaveLength(1);
  });

  it("concurrent claims of one delivery: exactly one wins", async () => {
    await endpoint(["dsync.user.created"]);
    await insertEvents(database.db, [event("dsync.user.created")]);
    const [row] = await listWebhookDeliveries(database.db, { limit: 1, order: "asc" });
    const claims = await Promise.all(
      Array.from({ length: 8 }, () =>
        claimWebhookDelivery(database.db, { id: row!.id, leaseMs: 10_000, earlyMs: 0 }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("tracks the endpoint's failure streak: starts on failure, kept on more, ends on success", async () => {
    const ep = await endpoint(["dsync.user.created"]);
    await insertEvents(database.db, [event("dsync.user.created"), event("dsync.user.created")]);
    const rows = await listWebhookDeliveries(database.db, { limit: 2, order: "asc" });
    const t1 = new Date(Date.now() - 1000);
    const r1 = await attemptOnce(rows[0]!.id, failure(new Date(Date.now() - 10), t1));
    expect(r1?.endpointFailingSince?.getTime()).toBe(t1.getTime());
    const r2 = await attemptOnce(rows[1]!.id, failure(null));
    expect(r2?.endpointFailingSince?.getTime()).toBe(t1.getTime());
    expect((await findWebhookDelivery(database.db, { id: rows[1]!.id }))?.delivery.status).toBe(
      "failed",
    );

    expect(
      await disableFailingWebhookEndpoint(database.db, {
        id: ep.id,
        failingSince: new Date(t1.getTime() - 1),
      }),
    ).toBeUndefined();
    const r3 = await attemptOnce(rows[0]!.id, success());
    expect(r3).toEqual({ attempt: 2, endpointFailingSince: null });
    const [streak] = await executeRows<{ failing_since: unknown }>(
      database.db,
      sql`select failing_since from webhook_endpoints where id = ${ep.id}`,
    );
    expect(streak?.failing_since).toBeNull();
  });

  it("disables an endpoint failing since the threshold exactly once", async () => {
    const ep = await endpoint(["dsync.user.created"]);
    await insertEvents(database.db, [event("dsync.user.created")]);
    const [row] = await listWebhookDeliveries(database.db, { limit: 1, order: "asc" });
    const started = new Date(Date.now() - 5000);
    await attemptOnce(row!.id, failure(new Date(), started));
    const cutoff = new Date(Date.now() - 1000);
    const [first, second] = await Promise.all([
      disableFailingWebhookEndpoint(database.db, { id: ep.id, failingSince: cutoff }),
      disableFailingWebhookEndpoint(database.db, { id: ep.id, failingSince: cutoff }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    // A disabled endpoint's deliveries are not claimable.
    expect(
      await claimWebhookDelivery(database.db, { id: row!.id, leaseMs: 10_000, earlyMs: 0 }),
    ).toBeUndefined();
  });

  it("claims due deliveries in batches, skipping held ones", async () => {
    await endpoint(["dsync.user.created"]);
    await insertEvents(
      database.db,
      Array.from({ length: 5 }, () => event("dsync.user.created")),
    );
    const [first, second] = await Promise.all([
      claimDueWebhookDeliveries(database.db, { limit: 3, leaseMs: 10_000 }),
      claimDueWebhookDeliveries(database.db, { limit: 3, leaseMs: 10_000 }),
    ]);
    const ids = [...first!, ...second!].map((c) => c.delivery.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(5);
    expect(await claimDueWebhookDeliveries(database.db, { limit: 3, leaseMs: 10_000 })).toEqual([]);
  });
});

describe("sweeping and replay", () => {
  it("finds overdue, unheld deliveries with the job id of their next attempt", async () => {
    await endpoint(["dsync.user.created"]);
    await insertEvents(database.db, [event("dsync.user.created"), event("dsync.user.created")]);
    const rows = await listWebhookDeliveries(database.db, { limit: 2, order: "asc" });
    await database.db.execute(
      sql`update webhook_deliveries set next_attempt_at = now() - interval '1 hour'`,
    );
    await claimWebhookDelivery(database.db, { id: rows[0]!.id, leaseMs: 10_000, earlyMs: 0 });
    const overdue = await findOverdueWebhookDeliveries(database.db, {
      overdueMs: 60_000,
      limit: 10,
    });
    expect(overdue).toEqual({
      jobIds: [deliveryJobId(rows[1]!.id, 1)],
      lastId: rows[1]!.id,
    });
    expect(
      await findOverdueWebhookDeliveries(database.db, { overdueMs: 7_200_000, limit: 10 }),
    ).toEqual({ jobIds: [], lastId: undefined });
    expect(
      await findOverdueWebhookDeliveries(database.db, {
        overdueMs: 60_000,
        limit: 10,
        afterId: rows[1]!.id,
      }),
    ).toEqual({ jobIds: [], lastId: undefined });

    // A worker died holding the first one: once its lease lapses the sweeper names a new job,
    // so BullMQ cannot swallow it behind the dead worker's still-"active" job.
    await database.db.execute(
      sql`update webhook_deliveries set locked_until = now() - interval '1 second' where id = ${rows[0]!.id}`,
    );
    const [row] = await executeRows<{ locked_until: string }>(
      database.db,
      sql`select locked_until from webhook_deliveries where id = ${rows[0]!.id}`,
    );
    const afterLapse = await findOverdueWebhookDeliveries(database.db, {
      overdueMs: 60_000,
      limit: 10,
    });
    expect(afterLapse.jobIds).toEqual([
      deliveryJobId(rows[0]!.id, 1, new Date(row!.locked_until)),
      deliveryJobId(rows[1]!.id, 1),
    ]);
    expect(afterLapse.jobIds[0]).not.toBe(deliveryJobId(rows[0]!.id, 1));
  });

  it("replays one delivery and announces its next attempt", async () => {
    await endpoint(["dsync.user.created"]);
    await insertEvents(database.db, [event("dsync.user.created")]);
    const [row] = await listWebhookDeliveries(database.db, { limit: 1, order: "asc" });
    await attemptOnce(row!.id, failure(null));
    const payloads: string[] = [];
    const stop = await database.listen(WEBHOOK_DELIVERY_CHANNEL, (p) => payloads.push(p));
    try {
      const replayed = await replayWebhookDelivery(database.db, { id: row!.id });
      expect(replayed).toMatchObject({ status: "pending", attempts: 1 });
      await eventually(async () => expect(payloads).toEqual([deliveryJobId(row!.id, 2)]));
      expect(
        await replayWebhookDelivery(database.db, { id: "webhook_delivery_nope" }),
      ).toBeUndefined();
    } finally {
      await stop();
    }
  });

  it("replays a time range: resets existing deliveries and creates missing ones", async () => {
    const t0 = new Date(Date.now() - 60_000);
    const ep = await endpoint(["dsync.user.created"], "org_a", "disabled");
    const missed = event("dsync.user.created", "org_a", t0);
    const otherOrg = event("dsync.user.created", "org_b", t0);
    const otherType = event("dsync.group.created", "org_a", t0);
    const outside = event("dsync.user.created", "org_a", new Date(t0.getTime() - 3_600_000));
    await insertEvents(database.db, [missed, otherOrg, otherType, outside]);
    expect(await listWebhookDeliveries(database.db, { limit: 10, order: "asc" })).toEqual([]);
    await database.db.execute(sql`update webhook_endpoints set status = 'enabled'`);
    const count = await replayWebhookDeliveriesInRange(database.db, {
      endpointId: ep.id,
      rangeStart: new Date(t0.getTime() - 1000),
      rangeEnd: new Date(),
    });
    expect(count).toBe(1);
    const rows = await listWebhookDeliveries(database.db, { limit: 10, order: "asc" });
    expect(rows.map((r) => r.eventId)).toEqual([missed.id]);
    // Again: the existing delivery is reset, not duplicated.
    expect(
      await replayWebhookDeliveriesInRange(database.db, {
        endpointId: ep.id,
        rangeStart: new Date(t0.getTime() - 1000),
        rangeEnd: new Date(),
      }),
    ).toBe(1);
    expect(await listWebhookDeliveries(database.db, { limit: 10, order: "asc" })).toHaveLength(1);
  });

  it("reports the backlog", async () => {
    await endpoint(["dsync.user.created"]);
    expect(await webhookBacklog(database.db)).toEqual({ pending: 0, oldestCreatedAt: null });
    await insertEvents(database.db, [event("dsync.user.created")]);
    const backlog = await webhookBacklog(database.db);
    expect(backlog.pending).toBe(1);
    expect(backlog.oldestCreatedAt).toBeInstanceOf(Date);
  });
});

describe("job ids", () => {
  it("round-trip", () => {
    expect(parseDeliveryJobId(deliveryJobId("webhook_delivery_01ABC", 3))).toEqual({
      deliveryId: "webhook_delivery_01ABC",
      attempt: 3,
    });
    const lapsed = deliveryJobId("webhook_delivery_01ABC", 3, new Date(1_700_000_000_000));
    expect(lapsed).toBe("webhook_delivery_01ABC.3.1700000000000");
    expect(parseDeliveryJobId(lapsed)).toEqual({
      deliveryId: "webhook_delivery_01ABC",
      attempt: 3,
    });
    expect(parseDeliveryJobId("a.1.x")).toBeUndefined();
    expect(parseDeliveryJobId("nope")).toBeUndefined();
    expect(parseDeliveryJobId("x.0")).toBeUndefined();
  });
});
