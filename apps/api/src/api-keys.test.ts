import { loadConfig } from "@dsync/config";
import { hashSecret } from "@dsync/core";
import { schema } from "@dsync/db";
import { createLogger } from "@dsync/runtime";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { runCli } from "./cli";
import { type Body, TEST_API_KEY, testClient } from "./test-client";

const config = loadConfig({ DSYNC_API_KEY: TEST_API_KEY, LOG_LEVEL: "silent" });

let database: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ config, db: database.db }, { logger: createLogger("silent") });
});
afterAll(async () => {
  await database?.drop();
});

const { send, post } = testClient(() => app);

function newKey(scope: "full" | "read_only"): Promise<Body> {
  return post("/api_keys", { name: `${scope} key`, scope });
}

async function storedRow(id: string) {
  const [row] = await database.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id));
  return row;
}

describe("api keys", () => {
  it("creates a key shown once and stored hashed, lists it without the secret, revokes it", async () => {
    const created = await newKey("full");
    expect(created).toMatchObject({ object: "api_key", name: "full key", scope: "full" });
    expect(created.id).toMatch(/^key_/);
    expect(created.key).toMatch(/^dsync_key_[0-9a-f]{64}$/);
    expect(created.prefix).toBe(created.key.slice(0, "dsync_key_".length + 4));
    expect(created.created_at).toEqual(expect.any(String));

    const row = await storedRow(created.id);
    expect(row?.keyHash).toBe(hashSecret(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const list = await send("GET", "/api_keys");
    expect(list.status).toBe(200);
    const page = (await list.json()) as Body;
    expect(page.object).toBe("list");
    expect(page.list_metadata).toEqual({ before: null, after: null });
    const listed = page.data.find((k: Body) => k.id === created.id);
    expect(listed).toMatchObject({ object: "api_key", prefix: created.prefix, scope: "full" });
    expect(listed).not.toHaveProperty("key");
    expect(JSON.stringify(page)).not.toContain(created.key);

    // The new full key works, including for managing keys.
    expect((await send("GET", "/api_keys", undefined, created.key)).status).toBe(200);

    const revoke = await send("DELETE", `/api_keys/${created.id}`);
    expect(revoke.status).toBe(204);
    expect((await storedRow(created.id))?.revokedAt).toBeInstanceOf(Date);
    const after = (await (await send("GET", "/api_keys")).json()) as Body;
    expect(after.data.map((k: Body) => k.id)).not.toContain(created.id);
    expect((await send("DELETE", `/api_keys/${created.id}`)).status).toBe(404);
  });

  it("rejects a revoked key with 401", async () => {
    const created = await newKey("full");
    expect((await send("GET", "/organizations", undefined, created.key)).status).toBe(200);
    expect((await send("DELETE", `/api_keys/${created.id}`, undefined, created.key)).status).toBe(
      204,
    );
    const res = await send("GET", "/organizations", undefined, created.key);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await send("GET", "/organizations", undefined, "dsync_key_unknown")).status).toBe(401);
  });

  it("lets a read_only key read but not write (403) nor manage keys", async () => {
    const readOnly = await newKey("read_only");
    expect((await send("GET", "/organizations", undefined, readOnly.key)).status).toBe(200);
    expect((await send("GET", "/directories", undefined, readOnly.key)).status).toBe(200);

    const write = await send("POST", "/organizations", { name: "Nope" }, readOnly.key);
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ code: "FORBIDDEN", message: expect.any(String) });
    expect((await send("GET", "/api_keys", undefined, readOnly.key)).status).toBe(403);
    expect(
      (await send("POST", "/api_keys", { name: "x", scope: "full" }, readOnly.key)).status,
    ).toBe(403);
    expect((await send("DELETE", `/api_keys/${readOnly.id}`, undefined, readOnly.key)).status).toBe(
      403,
    );
  });

  it("validates the body of POST /api_keys", async () => {
    const res = await send("POST", "/api_keys", { name: "x", scope: "admin" });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "VALIDATION" });
  });

  it("touches last_used_at on use, at most once a minute", async () => {
    const created = await newKey("read_only");
    expect((await storedRow(created.id))?.lastUsedAt).toBeNull();
    await send("GET", "/organizations", undefined, created.key);
    const first = (await storedRow(created.id))?.lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await send("GET", "/organizations", undefined, created.key);
    expect((await storedRow(created.id))?.lastUsedAt).toEqual(first);
  });

  it("answers 429 with Retry-After once a key's bucket is empty, per key", async () => {
    const limited = createApp(
      {
        config: loadConfig({
          DSYNC_API_KEY: TEST_API_KEY,
          LOG_LEVEL: "silent",
          DSYNC_API_RATE_LIMIT_PER_MINUTE: "3",
        }),
        db: database.db,
      },
      { logger: createLogger("silent") },
    );
    const limitedClient = testClient(() => limited);
    const created = await newKey("read_only");
    for (let i = 0; i < 3; i++) {
      expect(
        (await limitedClient.send("GET", "/organizations", undefined, created.key)).status,
      ).toBe(200);
    }
    const res = await limitedClient.send("GET", "/organizations", undefined, created.key);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(20);
    expect(await res.json()).toMatchObject({ code: "RATE_LIMITED", message: expect.any(String) });
    // Another key has its own bucket.
    expect((await limitedClient.send("GET", "/organizations")).status).toBe(200);
  });
});

describe("dsync CLI", () => {
  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCli(argv, {
      config,
      db: database,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { status, out: out.join("\n"), err: err.join("\n") };
  }

  it("creates, lists and revokes keys", async () => {
    const created = await cli("api-keys", "create", "--name", "from cli", "--scope", "read_only");
    expect(created.status).toBe(0);
    const key = /dsync_key_[0-9a-f]{64}/.exec(created.out)?.[0];
    const id = /key_[0-9A-Z]{26}/.exec(created.out)?.[0];
    expect(key).toBeDefined();
    expect(id).toBeDefined();
    expect((await send("GET", "/organizations", undefined, key!)).status).toBe(200);

    const list = await cli("api-keys", "list");
    expect(list.status).toBe(0);
    expect(list.out).toContain(id);
    expect(list.out).toContain("from cli");
    expect(list.out).not.toContain(key);

    const revoked = await cli("api-keys", "revoke", id!);
    expect(revoked).toMatchObject({ status: 0, out: `Revoked ${id}.` });
    expect((await send("GET", "/organizations", undefined, key!)).status).toBe(401);
    expect((await cli("api-keys", "list")).out).not.toContain(id);
    const again = await cli("api-keys", "revoke", id!);
    expect(again.status).toBe(1);
    expect(again.err).toContain("not found");
  });

  it("migrates an already migrated database", async () => {
    expect(await cli("migrate")).toMatchObject({ status: 0, out: "Migrations applied." });
  });

  it("opens (and closes) the database DATABASE_URL names when given none", async () => {
    const out: string[] = [];
    const status = await runCli(["api-keys", "list"], {
      config: loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" }),
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    expect(status).toBe(0);
    expect(out.join("\n")).toMatch(/key_|No API keys/);
  });

  it("reports bad usage with status 2", async () => {
    expect((await cli()).status).toBe(2);
    expect((await cli("bogus")).status).toBe(2);
    expect((await cli("api-keys", "create", "--name", "x")).err).toContain("--scope");
    expect((await cli("api-keys", "create", "--scope", "full")).status).toBe(2);
    expect((await cli("api-keys", "create", "--name", "x", "--scope", "admin")).status).toBe(2);
    expect((await cli("api-keys", "list", "--unknown")).status).toBe(2);
    expect((await cli("api-keys", "revoke")).status).toBe(2);
  });
});
