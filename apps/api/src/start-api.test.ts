import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@dsync/config";
import { createTestDatabase } from "@dsync/testing";
import { afterAll, describe, expect, it } from "vitest";
import { startApi } from "./start-api";

const API_KEY = "start-api-key-0123456789";
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function authed(body?: unknown): RequestInit {
  return {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

describe("startApi", () => {
  it("runs embedded (no DATABASE_URL) and keeps data across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dsync-embedded-"));
    dirs.push(dataDir);
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DSYNC_DATA_DIR: dataDir,
      DSYNC_API_KEY: API_KEY,
    });

    const first = await startApi({ config, silent: true });
    expect(first.db.kind).toBe("embedded");
    expect(first.port).toBeGreaterThan(0);
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    const created = await fetch(`${first.url}/organizations`, authed({ name: "Persisted" }));
    expect(created.status).toBe(201);
    const org = (await created.json()) as { id: string };
    await first.close();

    const second = await startApi({ config, silent: true });
    try {
      const got = await fetch(`${second.url}/organizations/${org.id}`, authed());
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({ id: org.id, name: "Persisted" });
    } finally {
      await second.close();
    }
  }, 120_000);

  it("uses a given database without closing it, and drains in-flight requests", async () => {
    const database = await createTestDatabase();
    try {
      // Slows the health ping down once asked, so a request is surely in flight at close().
      let slow = false;
      const db = new Proxy(database.db, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (prop !== "execute" || typeof value !== "function") return value;
          return async (...args: unknown[]) => {
            if (slow) await new Promise((r) => setTimeout(r, 300));
            return value.apply(target, args);
          };
        },
      });
      const handle = { ...database, db };
      const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DSYNC_API_KEY: API_KEY });
      const api = await startApi({ config, db: handle, silent: true });
      expect(api.db).toBe(handle);
      slow = true;
      const inFlight = fetch(`${api.url}/health`);
      await new Promise((r) => setTimeout(r, 100));
      const closed = api.close();
      expect((await inFlight).status).toBe(200);
      const drainStarted = Date.now();
      await closed;
      // Idle keep-alive sockets must not hold shutdown open until the 10 s deadline.
      expect(Date.now() - drainStarted).toBeLessThan(2000);
      await expect(fetch(`${api.url}/health`)).rejects.toThrow();
      // The caller's pool is still open.
      await expect(database.db.execute("select 1")).resolves.toBeDefined();
    } finally {
      await database.drop();
    }
  });
});
