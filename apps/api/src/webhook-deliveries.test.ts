import { schema } from "@dsync/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Body, TEST_API_KEY, type TestDir, testClient, useTestApp } from "./test-client";

// No worker runs here: deliveries the fan-out trigger creates stay pending, which is what the
// management API is checked against.

const testApp = useTestApp();

const { send, get, post, newDirectory, scimUser } = testClient(testApp.app);

/** An endpoint scoped to one organization, so other tests' events never reach it. */
function createEndpoint(organizationId: string, events = ["dsync.user.created"]): Promise<Body> {
  return post("/webhook_endpoints", {
    endpoint_url: "https://receiver.example/hooks",
    events,
    organization_id: organizationId,
  });
}

/** Sends `method path` and returns status and parsed body. */
async function request(
  method: string,
  path: string,
  body?: unknown,
  key = TEST_API_KEY,
): Promise<{ status: number; body: Body }> {
  const res = await send(method, path, body, key);
  return { status: res.status, body: (await res.json()) as Body };
}

async function deliveriesOf(endpointId: string, query = ""): Promise<Body[]> {
  const list = await get(`/webhook_deliveries?webhook_endpoint_id=${endpointId}&limit=100${query}`);
  return list.data;
}

async function userCreatedEventIds(dir: TestDir): Promise<string[]> {
  const list = await get(
    `/events?events=dsync.user.created&organization_id=${dir.organizationId}&limit=100`,
  );
  return list.data.map((e: Body) => e.id);
}

function replayRange(endpointId: string, body: unknown, key = TEST_API_KEY) {
  return request("POST", `/webhook_endpoints/${endpointId}/replay`, body, key);
}

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe("webhook deliveries", () => {
  it("a SCIM user becomes one pending delivery, shown with an empty attempt_history", async () => {
    const dir = await newDirectory("Fanout");
    const endpoint = await createEndpoint(dir.organizationId);
    await scimUser(dir, "ada@fanout.example");
    const [eventId] = await userCreatedEventIds(dir);

    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries).toHaveLength(1);
    const delivery = deliveries[0]!;
    expect(delivery).toMatchObject({
      object: "webhook_delivery",
      webhook_endpoint_id: endpoint.id,
      event_id: eventId,
      event: "dsync.user.created",
      status: "pending",
      attempts: 0,
      last_attempt_at: null,
      last_status_code: null,
      last_error: null,
      delivered_at: null,
    });
    expect(delivery.id).toMatch(/^webhook_delivery_/);
    expect(delivery.next_attempt_at).toEqual(expect.any(String));

    const got = await get(`/webhook_deliveries/${delivery.id}`);
    expect(got).toEqual({ ...delivery, attempt_history: [] });
  });

  it("filters by endpoint, event and status, and pages", async () => {
    const dir = await newDirectory("Filters");
    const first = await createEndpoint(dir.organizationId);
    const second = await createEndpoint(dir.organizationId);
    await scimUser(dir, "one@filters.example");
    await scimUser(dir, "two@filters.example");
    const eventIds = await userCreatedEventIds(dir);
    expect(eventIds).toHaveLength(2);

    const ofFirst = await deliveriesOf(first.id);
    expect(ofFirst.map((d) => d.event_id).sort()).toEqual([...eventIds].sort());
    expect(await deliveriesOf(second.id)).toHaveLength(2);

    const ofEvent = await get(`/webhook_deliveries?event_id=${eventIds[0]}&limit=100`);
    expect(ofEvent.data.map((d: Body) => d.webhook_endpoint_id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const both = await deliveriesOf(first.id, `&event_id=${eventIds[0]}`);
    expect(both).toHaveLength(1);
    expect(both[0]!.event_id).toBe(eventIds[0]);

    expect(await deliveriesOf(first.id, "&status=pending")).toHaveLength(2);
    expect(await deliveriesOf(first.id, "&status=delivered")).toEqual([]);
    expect(await deliveriesOf(first.id, "&status=failed")).toEqual([]);

    // Newest first by default; `after` walks on and ends with a null cursor.
    const page1 = await get(`/webhook_deliveries?webhook_endpoint_id=${first.id}&limit=1`);
    expect(page1.data).toHaveLength(1);
    expect(page1.data[0].id).toBe(ofFirst[0]!.id);
    expect(page1.list_metadata).toEqual({ before: null, after: page1.data[0].id });
    const page2 = await get(
      `/webhook_deliveries?webhook_endpoint_id=${first.id}&limit=1&after=${page1.list_metadata.after}`,
    );
    expect(page2.data.map((d: Body) => d.id)).toEqual([ofFirst[1]!.id]);
    expect(page2.list_metadata).toEqual({ before: page2.data[0].id, after: null });
    const asc = await deliveriesOf(first.id, "&order=asc");
    expect(asc.map((d) => d.id)).toEqual(ofFirst.map((d) => d.id).reverse());
  });

  it("answers 422 naming the field for a bad status, limit or both cursors", async () => {
    const bad = await request("GET", "/webhook_deliveries?status=sent");
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: "VALIDATION", errors: [{ field: "status" }] });
    expect((await request("GET", "/webhook_deliveries?limit=0")).body.errors[0].field).toBe(
      "limit",
    );
    const cursors = await request("GET", "/webhook_deliveries?before=a&after=b");
    expect(cursors.status).toBe(422);
    expect(cursors.body.errors[0].field).toBe("before");
  });

  it("answers unknown deliveries and endpoints with a 404 JSON error", async () => {
    const cases: [string, string, unknown?][] = [
      ["GET", "/webhook_deliveries/webhook_delivery_missing"],
      ["POST", "/webhook_deliveries/webhook_delivery_missing/replay"],
      [
        "POST",
        "/webhook_endpoints/we_missing/replay",
        { range_start: minutesFromNow(-60), range_end: minutesFromNow(0) },
      ],
    ];
    for (const [method, path, body] of cases) {
      const res = await request(method, path, body);
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({
        code: "NOT_FOUND",
        message: expect.any(String),
        request_id: expect.any(String),
      });
    }
  });

  it("replays one delivery: 202, and a delivered one becomes pending and due again", async () => {
    const dir = await newDirectory("ReplayOne");
    const endpoint = await createEndpoint(dir.organizationId);
    await scimUser(dir, "ada@replay-one.example");
    const [delivery] = await deliveriesOf(endpoint.id);

    const pending = await request("POST", `/webhook_deliveries/${delivery!.id}/replay`);
    expect(pending.status).toBe(202);
    expect(pending.body).toMatchObject({ id: delivery!.id, status: "pending", attempts: 0 });
    expect(pending.body).not.toHaveProperty("attempt_history");

    const deliveredAt = new Date();
    await testApp
      .database()
      .db.update(schema.webhookDeliveries)
      .set({ status: "delivered", nextAttemptAt: null, deliveredAt })
      .where(eq(schema.webhookDeliveries.id, delivery!.id));
    expect(await deliveriesOf(endpoint.id, "&status=delivered")).toHaveLength(1);

    const replayed = await request("POST", `/webhook_deliveries/${delivery!.id}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body.status).toBe("pending");
    expect(replayed.body.next_attempt_at).toEqual(expect.any(String));
    expect(await deliveriesOf(endpoint.id, "&status=pending")).toHaveLength(1);
  });

  it("replays a range, including events from before the endpoint existed", async () => {
    const dir = await newDirectory("ReplayRange");
    const rangeStart = minutesFromNow(-1);
    await scimUser(dir, "early@replay-range.example");
    const endpoint = await createEndpoint(dir.organizationId);
    expect(await deliveriesOf(endpoint.id)).toEqual([]);

    const range = { range_start: rangeStart, range_end: minutesFromNow(1) };
    const res = await replayRange(endpoint.id, range);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      object: "webhook_replay",
      webhook_endpoint_id: endpoint.id,
      range_start: new Date(rangeStart).toISOString(),
      range_end: new Date(range.range_end).toISOString(),
      deliveries: 1,
    });
    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      event_id: (await userCreatedEventIds(dir))[0],
      status: "pending",
    });

    // Again: the same delivery is made due, not a second one.
    expect((await replayRange(endpoint.id, range)).body.deliveries).toBe(1);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    // A range before the event, and one reaching far past retention, are both fine.
    const before = { range_start: minutesFromNow(-120), range_end: minutesFromNow(-60) };
    expect((await replayRange(endpoint.id, before)).body.deliveries).toBe(0);
    const long = { range_start: "2000-01-01T00:00:00Z", range_end: minutesFromNow(1) };
    expect((await replayRange(endpoint.id, long)).body.deliveries).toBe(1);
  });

  it("answers 422 with field errors for missing, malformed or inverted ranges", async () => {
    const dir = await newDirectory("ReplayBad");
    const endpoint = await createEndpoint(dir.organizationId);
    const now = minutesFromNow(0);
    const cases: [unknown, string[]][] = [
      [undefined, ["range_start", "range_end"]],
      [{ range_start: now }, ["range_end"]],
      [{ range_start: "yesterday", range_end: now }, ["range_start"]],
      [{ range_start: now, range_end: 1_700_000_000 }, ["range_end"]],
      // A bare date or local time would depend on the server's time zone.
      [{ range_start: "2024-01-01", range_end: now }, ["range_start"]],
      [{ range_start: "2024-01-01T00:00:00", range_end: now }, ["range_start"]],
      [{ range_start: now, range_end: now }, ["range_end"]],
      [{ range_start: now, range_end: minutesFromNow(-1) }, ["range_end"]],
    ];
    for (const [body, fields] of cases) {
      const res = await replayRange(endpoint.id, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.code).toBe("VALIDATION");
      expect(res.body.errors.map((e: Body) => e.field)).toEqual(fields);
    }
  });

  it("answers 409 for a disabled endpoint", async () => {
    const dir = await newDirectory("ReplayDisabled");
    const endpoint = await createEndpoint(dir.organizationId);
    await scimUser(dir, "ada@replay-disabled.example");
    const patched = await request("PATCH", `/webhook_endpoints/${endpoint.id}`, {
      status: "disabled",
    });
    expect(patched.status).toBe(200);
    const res = await replayRange(endpoint.id, {
      range_start: minutesFromNow(-5),
      range_end: minutesFromNow(1),
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: "CONFLICT", request_id: expect.any(String) });
  });

  it("lets read-only keys read deliveries but not replay them", async () => {
    const dir = await newDirectory("ReadOnly");
    const endpoint = await createEndpoint(dir.organizationId);
    await scimUser(dir, "ada@read-only.example");
    const readOnly = (await post("/api_keys", { name: "ro", scope: "read_only" })).key as string;
    const [delivery] = await deliveriesOf(endpoint.id);

    expect((await request("GET", "/webhook_deliveries", undefined, readOnly)).status).toBe(200);
    const got = await request("GET", `/webhook_deliveries/${delivery!.id}`, undefined, readOnly);
    expect(got.status).toBe(200);
    const replay = await request(
      "POST",
      `/webhook_deliveries/${delivery!.id}/replay`,
      undefined,
      readOnly,
    );
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe("FORBIDDEN");
    const range = { range_start: minutesFromNow(-5), range_end: minutesFromNow(1) };
    expect((await replayRange(endpoint.id, range, readOnly)).status).toBe(403);
    expect((await request("GET", "/webhook_deliveries", undefined, "wrong")).status).toBe(401);
  });

  it("caps request bodies like the other management routes", async () => {
    const huge = { range_start: "x".repeat(70 * 1024) };
    const res = await send("POST", "/webhook_deliveries/webhook_delivery_x/replay", huge);
    expect(res.status).toBe(413);
    expect((await replayRange("we_x", huge)).status).toBe(413);
  });
});
