import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { loadConfig } from "@dsync/config";
import type { NewEvent } from "@dsync/core";
import { findWebhookDelivery, listEventsAfter, listWebhookDeliveries } from "@dsync/db";
import { createMetricsRegistry, silentLogger } from "@dsync/runtime";
import {
  createWebhookEndpoint,
  recordEvents,
  replayWebhookDelivery,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from "@dsync/services";
import {
  answer,
  createTestDatabase,
  eventually,
  startWebhookReceiver,
  type TestDatabase,
  type WebhookReceiver,
} from "@dsync/testing";
import { WorkOS } from "@workos-inc/node";
import { Redis } from "ioredis";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "./start-worker";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const workos = new WorkOS("sk_test_dsync");

let database: TestDatabase;
let prefix: string;
const running: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  prefix = `dsync_test_${randomBytes(4).toString("hex")}`;
});
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await database.drop();
});

function config(env: Record<string, string> = {}) {
  return loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL,
    DSYNC_QUEUE_PREFIX: prefix,
    DSYNC_WEBHOOK_ALLOW_PRIVATE: "true",
    DSYNC_WEBHOOK_RETRY_SCHEDULE: "50ms,50ms",
    DSYNC_WEBHOOK_SWEEP_INTERVAL: "200ms",
    DSYNC_WEBHOOK_TIMEOUT: "1s",
    ...env,
  });
}

async function worker(env: Record<string, string> = {}): Promise<RunningWorker> {
  const started = await startWorker({
    config: config(env),
    db: database,
    logger: silentLogger,
    timings: { lockDurationMs: 2000, stalledIntervalMs: 1000 },
  });
  running.push(started);
  return started;
}

async function receiver(...args: Parameters<typeof startWebhookReceiver>) {
  const started = await startWebhookReceiver(...args);
  running.push(started);
  return started;
}

let userSeq = 0;
function userCreated(organizationId: string | null = null): NewEvent {
  userSeq++;
  return {
    event: "dsync.user.created",
    data: { object: "directory_user", id: `directory_user_${userSeq}`, first_name: "Zoë ✓" },
    organizationId,
    directoryId: "directory_1",
  };
}

async function endpointFor(target: WebhookReceiver | string) {
  return createWebhookEndpoint(database.db, {
    endpointUrl: typeof target === "string" ? target : target.url,
    events: ["dsync.user.created"],
  });
}

async function deliveriesOf(endpointId: string) {
  return listWebhookDeliveries(database.db, { limit: 100, order: "asc", endpointId });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe.each(["redis", "in-process"] as const)("delivery with the %s scheduler", (mode) => {
  const start = (env: Record<string, string> = {}) =>
    worker(mode === "redis" ? env : { ...env, REDIS_URL: "" });

  it("delivers each event once, signed so both verifiers accept it", async () => {
    const sink = await receiver();
    const endpoint = await endpointFor(sink);
    const started = await start();
    expect(started.mode).toBe(mode);
    await recordEvents(database.db, [userCreated(), userCreated()]);

    const received = await sink.waitFor(2);
    const ids = new Set<string>();
    for (const request of received) {
      expect(request.headers["content-type"]).toBe("application/json");
      const event = await workos.webhooks.constructEvent({
        payload: request.body,
        sigHeader: String(request.headers["workos-signature"]),
        secret: endpoint.secret,
      });
      expect(event.event).toBe("dsync.user.created");
      const verified = new Webhook(endpoint.secret).verify(request.body, {
        "webhook-id": String(request.headers["webhook-id"]),
        "webhook-timestamp": String(request.headers["webhook-timestamp"]),
        "webhook-signature": String(request.headers["webhook-signature"]),
      }) as { id: string };
      expect(verified.id).toBe(event.id);
      ids.add(event.id);
    }
    expect(ids.size).toBe(2);
    await eventually(async () => {
      const rows = await deliveriesOf(endpoint.id);
      expect(rows.map((r) => r.status)).toEqual(["delivered", "delivered"]);
      expect(rows.every((r) => r.attempts === 1 && r.lastStatusCode === 204)).toBe(true);
    });
  });

  it("retries a 500 with backoff, then records success and every attempt", async () => {
    const sink = await receiver(answer(500, "try later"));
    let calls = 0;
    sink.respondWith((_request, res) => {
      calls++;
      res.writeHead(calls < 3 ? 500 : 200);
      res.end(calls < 3 ? "try later" : "ok");
    });
    const endpoint = await endpointFor(sink);
    await start();
    await recordEvents(database.db, [userCreated()]);
    const received = await sink.waitFor(3);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    // Backoff: the retries came no sooner than the schedule's delay less its jitter.
    expect(received[1]!.receivedAt - received[0]!.receivedAt).toBeGreaterThanOrEqual(35);
    await eventually(async () => {
      const [row] = await deliveriesOf(endpoint.id);
      const found = await findWebhookDelivery(database.db, { id: row!.id });
      expect(found?.delivery).toMatchObject({ status: "delivered", attempts: 3 });
      expect(found?.attempts.map((a) => [a.statusCode, a.failure])).toEqual([
        [500, "http_status"],
        [500, "http_status"],
        [200, null],
      ]);
      expect(found?.attempts[0]?.responseExcerpt).toBe("try later");
    });
  });

  it("marks a delivery failed after the schedule: refused connections, then replays it", async () => {
    const port = await closedPort();
    const endpoint = await endpointFor(`http://127.0.0.1:${port}/hook`);
    await start();
    await recordEvents(database.db, [userCreated()]);
    let deliveryId = "";
    await eventually(async () => {
      const [row] = await deliveriesOf(endpoint.id);
      expect(row).toMatchObject({ status: "failed", attempts: 3 });
      deliveryId = row!.id;
    });
    const found = await findWebhookDelivery(database.db, { id: deliveryId });
    expect(found?.attempts.every((a) => a.failure === "connection_failed")).toBe(true);

    // The receiver comes back at the same address; a replay delivers.
    const sink = await receiver();
    await updateWebhookEndpoint(database.db, { id: endpoint.id, endpointUrl: sink.url });
    await replayWebhookDelivery(database.db, { id: deliveryId });
    await sink.waitFor(1);
    await eventually(async () => {
      const [row] = await deliveriesOf(endpoint.id);
      expect(row).toMatchObject({ status: "delivered", attempts: 4 });
    });
  });

  it("counts a receiver that never answers as a timeout", async () => {
    const sink = await receiver(() => {});
    const endpoint = await endpointFor(sink);
    await start({ DSYNC_WEBHOOK_TIMEOUT: "300ms", DSYNC_WEBHOOK_RETRY_SCHEDULE: "1h" });
    await recordEvents(database.db, [userCreated()]);
    await eventually(async () => {
      const [row] = await deliveriesOf(endpoint.id);
      const found = await findWebhookDelivery(database.db, { id: row!.id });
      expect(found?.attempts[0]?.failure).toBe("timeout");
      expect(found?.delivery.status).toBe("pending");
      expect(found?.delivery.nextAttemptAt?.getTime() ?? 0).toBeGreaterThan(
        Date.now() + 40 * 60_000,
      );
    });
  });
});

describe("safety and endpoint lifecycle", () => {
  it("refuses private receivers unless allowed, and records why", async () => {
    const sink = await receiver();
    const endpoint = await endpointFor(sink);
    await worker({ DSYNC_WEBHOOK_ALLOW_PRIVATE: "false", DSYNC_WEBHOOK_RETRY_SCHEDULE: "1h" });
    await recordEvents(database.db, [userCreated()]);
    await eventually(async () => {
      const [row] = await deliveriesOf(endpoint.id);
      const found = await findWebhookDelivery(database.db, { id: row!.id });
      expect(found?.attempts[0]?.failure).toBe("private_address");
    });
    expect(sink.received).toHaveLength(0);
  });

  it("signs with both secrets while a rotation overlaps", async () => {
    const sink = await receiver();
    const endpoint = await endpointFor(sink);
    const rotated = await rotateWebhookEndpointSecret(database.db, {
      id: endpoint.id,
      overlapSeconds: 3600,
    });
    await worker();
    await recordEvents(database.db, [userCreated()]);
    const [request] = await sink.waitFor(1);
    const headers = {
      "webhook-id": String(request!.headers["webhook-id"]),
      "webhook-timestamp": String(request!.headers["webhook-timestamp"]),
      "webhook-signature": String(request!.headers["webhook-signature"]),
    };
    expect(() => new Webhook(endpoint.secret).verify(request!.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(request!.body, headers)).not.toThrow();
    await workos.webhooks.constructEvent({
      payload: request!.body,
      sigHeader: String(request!.headers["workos-signature"]),
      secret: rotated.secret,
    });
  });

  it("disables an endpoint that only failed for the configured time, and emits an event", async () => {
    const sink = await receiver(answer(503));
    const endpoint = await endpointFor(sink);
    await worker({
      DSYNC_WEBHOOK_DISABLE_AFTER: "100ms",
      DSYNC_WEBHOOK_RETRY_SCHEDULE: "150ms,150ms,150ms",
    });
    await recordEvents(database.db, [userCreated()]);
    await eventually(async () => {
      const rows = await listEventsAfter(database.db, {
        limit: 100,
        eventTypes: ["dsync.webhook_endpoint.disabled"],
      });
      const mine = rows.filter((r) => r.data.id === endpoint.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.data).toMatchObject({ status: "disabled", reason: "failing" });
      expect(mine[0]?.data).not.toHaveProperty("secret");
    });
    const requestsWhenDisabled = sink.received.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.received.length).toBe(requestsWhenDisabled);

    // Enabling it again sends what was pending at once.
    sink.respondWith(answer(200));
    await updateWebhookEndpoint(database.db, { id: endpoint.id, status: "enabled" });
    await eventually(async () => {
      const [row] = await deliveriesOf(endpoint.id);
      expect(row?.status).toBe("delivered");
    });
  });

  it("on shutdown, releases a delivery stuck mid-send without counting it; another worker delivers it", async () => {
    const sink = await receiver(() => {});
    const endpoint = await endpointFor(sink);
    const first = await startWorker({
      config: config({ DSYNC_WEBHOOK_TIMEOUT: "10s" }),
      db: database,
      logger: silentLogger,
      timings: { lockDurationMs: 2000, stalledIntervalMs: 1000 },
    });
    await recordEvents(database.db, [userCreated()]);
    await sink.waitFor(1);
    await first.close(200);
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: "pending", attempts: 0, lockedUntil: null });

    sink.respondWith(answer(200));
    await worker();
    await eventually(async () => {
      const [after] = await deliveriesOf(endpoint.id);
      expect(after).toMatchObject({ status: "delivered", attempts: 1 });
    }, 15_000);
  });

  it("exposes delivery metrics", async () => {
    const sink = await receiver();
    await endpointFor(sink);
    const registry = createMetricsRegistry();
    const started = await startWorker({
      config: config(),
      db: database,
      logger: silentLogger,
      registry,
    });
    running.push(started);
    await recordEvents(database.db, [userCreated()]);
    await sink.waitFor(1);
    await eventually(async () => {
      const text = await registry.metrics();
      expect(text).toMatch(/dsync_webhook_deliveries_total\{outcome="delivered"\} [1-9]/);
      expect(text).toMatch(
        /dsync_webhook_attempt_duration_seconds_count\{result="success"\} [1-9]/,
      );
      expect(text).toMatch(/dsync_webhook_queue_jobs\{state="wait"\} \d+/);
    });
  });
});
