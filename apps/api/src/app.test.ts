import { loadConfig } from "@dsync/config";
import { type Db, listEventsAfter } from "@dsync/db";
import { createLogger } from "@dsync/runtime";
import { createTestDatabase, eventually, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { type Body, TEST_API_KEY, testClient } from "./test-client";

const config = loadConfig({
  DSYNC_API_KEY: TEST_API_KEY,
  DSYNC_PUBLIC_URL: "https://dsync.test/",
  LOG_LEVEL: "silent",
});

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const logger = createLogger("info", (line) => logLines.push(JSON.parse(line)));
  app = createApp({ config, db: database.db }, { logger });
});
afterAll(async () => {
  await database?.drop();
});

const { call, send } = testClient(() => app);

async function json(res: Response): Promise<Body> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return (await res.json()) as Body;
}

async function newOrg(body: Record<string, unknown> = { name: "Acme" }) {
  const res = await send("POST", "/organizations", body);
  expect(res.status).toBe(201);
  return json(res);
}

async function newDirectory(organizationId: string, type = "okta scim v2.0") {
  const res = await send("POST", "/directories", {
    organization_id: organizationId,
    name: "Acme Okta",
    type,
  });
  expect(res.status).toBe(201);
  return json(res);
}

describe("health and plumbing", () => {
  it("answers /health and /ready once the database answers", async () => {
    const res = await app.request("/health");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
    expect((await app.request("/ready")).status).toBe(200);
  });

  it("serves Prometheus metrics, including the webhook backlog, without a key", async () => {
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/^dsync_webhook_deliveries_pending 0$/m);
    expect(text).toMatch(/^dsync_webhook_oldest_pending_age_seconds 0$/m);
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("answers 503 when the database does not", async () => {
    const broken = {
      execute: () => Promise.reject(new Error("connection refused")),
    } as unknown as Db;
    const sick = createApp({ config, db: broken }, { logger: createLogger("silent") });
    const res = await sick.request("/health");
    expect(res.status).toBe(503);
    expect((await json(res)).status).not.toBe("ok");
  });

  it("reports not ready while draining", async () => {
    const draining = createApp(
      { config, db: database.db },
      { logger: createLogger("silent"), isDraining: () => true },
    );
    expect((await draining.request("/ready")).status).toBe(503);
  });

  it("echoes a sane X-Request-ID and replaces an insane one", async () => {
    const kept = await app.request("/health", { headers: { "x-request-id": "abc-123" } });
    expect(kept.headers.get("x-request-id")).toBe("abc-123");
    const replaced = await app.request("/health", {
      headers: { "x-request-id": "bad id\twith spaces" },
    });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await app.request("/health");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers unknown routes with a JSON 404 carrying the request id", async () => {
    const res = await app.request("/nope?token=secret", { headers: { "x-request-id": "r-1" } });
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ code: "NOT_FOUND", request_id: "r-1" });
  });

  it("logs one JSON line per request without the query string", async () => {
    await app.request("/health?secret=hunter2", { headers: { "x-request-id": "log-1" } });
    const line = logLines.find((l) => l.request_id === "log-1");
    expect(line).toMatchObject({ msg: "request", method: "GET", path: "/health", status: 200 });
    expect(typeof line!.ms).toBe("number");
    expect(JSON.stringify(logLines)).not.toContain("hunter2");
  });
});

describe("management API authentication", () => {
  it("rejects a missing or wrong key with 401 JSON", async () => {
    const none = await app.request("/organizations");
    expect(none.status).toBe(401);
    expect(await json(none)).toMatchObject({ code: "UNAUTHORIZED" });
    const wrong = await send("GET", "/organizations", undefined, "wrong-key-0123456789");
    expect(wrong.status).toBe(401);
    const basic = await call("/directories/x", { headers: { authorization: "Basic abc" } });
    expect(basic.status).toBe(401);
  });

  it("rejects everything when no key is configured", async () => {
    const keyless = createApp(
      { config: { ...config, apiKey: undefined }, db: database.db },
      { logger: createLogger("silent") },
    );
    const res = await keyless.request("/organizations", {
      headers: { authorization: "Bearer undefined" },
    });
    expect(res.status).toBe(401);
  });
});

describe("organizations", () => {
  it("creates, gets and lists organizations", async () => {
    const org = await newOrg({
      name: "Foo Corp",
      domain_data: [
        { domain: "Foo-Corp.com", state: "verified" },
        { domain: "foo.dev", state: "pending" },
      ],
      external_id: "ext-foo",
    });
    expect(org).toMatchObject({
      object: "organization",
      name: "Foo Corp",
      external_id: "ext-foo",
      domains: [
        { object: "organization_domain", domain: "foo-corp.com", state: "verified" },
        { object: "organization_domain", domain: "foo.dev", state: "pending" },
      ],
    });
    expect(org.id).toMatch(/^org_[0-9A-Z]{26}$/);
    expect(org.domains[0].id).toMatch(/^org_domain_/);

    const got = await send("GET", `/organizations/${org.id}`);
    expect(got.status).toBe(200);
    expect(await json(got)).toEqual(org);
  });

  it("rejects a duplicate external_id with 409", async () => {
    await newOrg({ name: "One", external_id: "dup-1" });
    const res = await send("POST", "/organizations", { name: "Two", external_id: "dup-1" });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: "CONFLICT" });
  });

  it("pages with limit, after and before (WorkOS list shape)", async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await newOrg({ name: `Paged ${i}` }));
    const ids = created.map((o) => o.id);

    const first = await json(await send("GET", "/organizations?limit=2&order=asc"));
    expect(first.object).toBe("list");
    expect(first.data).toHaveLength(2);
    expect(first.list_metadata.before).toBeNull();

    // Walk the whole list descending from the newest of ours, two at a time.
    const start = `${ids[4]}Z`; // sorts after every id we created
    const p1 = await json(await send("GET", `/organizations?limit=2&after=${start}`));
    expect(p1.data.map((o: { id: string }) => o.id)).toEqual([ids[4], ids[3]]);
    expect(p1.list_metadata.after).toBe(ids[3]);
    const p2 = await json(
      await send("GET", `/organizations?limit=2&after=${p1.list_metadata.after}`),
    );
    expect(p2.data.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    expect(p2.list_metadata.before).toBe(ids[2]);
    const back = await json(
      await send("GET", `/organizations?limit=2&before=${p2.list_metadata.before}`),
    );
    expect(back.data.map((o: { id: string }) => o.id)).toEqual([ids[4], ids[3]]);
  });

  it("answers 404 for an unknown organization", async () => {
    const res = await send("GET", "/organizations/org_01J00000000000000000000000");
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers 422 with one error per problem", async () => {
    const res = await send("POST", "/organizations", {
      name: "",
      domain_data: [{ domain: "not a domain", state: "maybe" }],
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.code).toBe("VALIDATION");
    expect(body.request_id).toBeTruthy();
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["domain_data.0.domain", "domain_data.0.state", "name"]);
    const limit = await send("GET", "/organizations?limit=500");
    expect(limit.status).toBe(422);
  });

  it("answers 413 for an oversized body and 415 for a non-JSON one", async () => {
    const big = await send("POST", "/organizations", { name: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect(await json(big)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const text = await call("/organizations", {
      method: "POST",
      body: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(await json(text)).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("answers 400 invalid_json for a malformed body", async () => {
    const res = await call("/organizations", { method: "POST", body: "{ not json" });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: "invalid_json" });
  });
});

describe("directories and tokens", () => {
  it("creates a SCIM directory with its endpoint and a token shown once", async () => {
    const org = await newOrg();
    const directory = await newDirectory(org.id);
    expect(directory).toMatchObject({
      object: "directory",
      organization_id: org.id,
      name: "Acme Okta",
      type: "okta scim v2.0",
      state: "unlinked",
      scim: { endpoint: `https://dsync.test/scim/v2/${directory.id}` },
    });
    expect(directory.id).toMatch(/^directory_[0-9A-Z]{26}$/);
    expect(directory.scim.bearer_token).toMatch(/^dsync_scim_/);

    const got = await json(await send("GET", `/directories/${directory.id}`));
    expect(got.scim).toBeUndefined();
    expect(JSON.stringify(got)).not.toContain(directory.scim.bearer_token);
    expect(got.id).toBe(directory.id);
  });

  it("creates a non-SCIM directory without SCIM details", async () => {
    const org = await newOrg();
    const directory = await newDirectory(org.id, "bamboohr");
    expect(directory.scim).toBeUndefined();
  });

  it("rejects an unknown organization and an unknown type with 422", async () => {
    const unknownOrg = await send("POST", "/directories", {
      organization_id: "org_01J00000000000000000000000",
      name: "x",
      type: "okta scim v2.0",
    });
    expect(unknownOrg.status).toBe(422);
    expect((await json(unknownOrg)).errors[0].field).toBe("organization_id");
    const org = await newOrg();
    const badType = await send("POST", "/directories", {
      organization_id: org.id,
      name: "x",
      type: "ldap",
    });
    expect(badType.status).toBe(422);
    expect((await json(badType)).errors[0].field).toBe("type");
  });

  it("answers 404 for an unknown directory", async () => {
    expect((await send("GET", "/directories/directory_nope")).status).toBe(404);
    expect((await send("POST", "/directories/directory_nope/tokens")).status).toBe(404);
    expect((await send("GET", "/directories/directory_nope/tokens")).status).toBe(404);
    expect((await send("DELETE", "/directories/directory_nope")).status).toBe(404);
  });

  it("allows two live tokens, refuses a third, and revokes", async () => {
    const org = await newOrg();
    const directory = await newDirectory(org.id);

    const second = await send("POST", `/directories/${directory.id}/tokens`);
    expect(second.status).toBe(201);
    const token = await json(second);
    expect(token).toMatchObject({ object: "directory_token" });
    expect(token.bearer_token).toMatch(/^dsync_scim_/);
    expect(token.bearer_token.startsWith(token.prefix)).toBe(true);

    const third = await send("POST", `/directories/${directory.id}/tokens`);
    expect(third.status).toBe(409);
    expect((await json(third)).message).toMatch(/revoke one/);

    const list = await json(await send("GET", `/directories/${directory.id}/tokens`));
    expect(list.object).toBe("list");
    expect(list.data).toHaveLength(2);
    const listed = JSON.stringify(list);
    expect(listed).not.toContain(token.bearer_token);
    expect(listed).not.toContain(directory.scim.bearer_token);
    expect(listed).not.toContain("hash");

    const revoked = await send("DELETE", `/directories/${directory.id}/tokens/${token.id}`);
    expect(revoked.status).toBe(204);
    expect((await send("DELETE", `/directories/${directory.id}/tokens/${token.id}`)).status).toBe(
      404,
    );
    expect((await send("POST", `/directories/${directory.id}/tokens`)).status).toBe(201);
  });

  it("cannot revoke another directory's token", async () => {
    const org = await newOrg();
    const a = await newDirectory(org.id);
    const b = await newDirectory(org.id);
    const list = await json(await send("GET", `/directories/${a.id}/tokens`));
    const res = await send("DELETE", `/directories/${b.id}/tokens/${list.data[0].id}`);
    expect(res.status).toBe(404);
  });

  it("wires the SCIM endpoint to the directory's token", async () => {
    const org = await newOrg();
    const directory = await newDirectory(org.id);
    const path = `/scim/v2/${directory.id}/Users`;
    const anonymous = await app.request(path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-request-id")).toBeTruthy();
    const authorized = await app.request(path, {
      headers: { authorization: `Bearer ${directory.scim.bearer_token}` },
    });
    // Authentication passed; what the SCIM router answers beyond that is its own tests' job.
    expect(authorized.status).not.toBe(401);
    const unknown = await app.request(`/scim/v2/${directory.id}/Nope`, {
      headers: { authorization: `Bearer ${directory.scim.bearer_token}` },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(await unknown.json()).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "404",
    });
  });

  it("deletes a directory with one dsync.deleted event and cascades its data", async () => {
    const org = await newOrg();
    const directory = await newDirectory(org.id);
    const res = await send("DELETE", `/directories/${directory.id}`);
    expect(res.status).toBe(202);
    expect((await send("GET", `/directories/${directory.id}`)).status).toBe(404);
    expect((await send("GET", `/directories/${directory.id}/tokens`)).status).toBe(404);
    const events = await eventually(async () => {
      const visible = (await listEventsAfter(database.db, { limit: 1000 })).filter(
        (e) => e.directoryId === directory.id,
      );
      expect(visible.map((e) => e.event)).toEqual(["dsync.deleted"]);
      return visible;
    });
    expect(events[0]!.data).toMatchObject({ id: directory.id, state: "deleting" });
    const scim = await app.request(`/scim/v2/${directory.id}/Users`, {
      headers: { authorization: `Bearer ${directory.scim.bearer_token}` },
    });
    expect(scim.status).toBe(401);
  });
});
