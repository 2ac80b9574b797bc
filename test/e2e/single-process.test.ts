import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWebhookReceiver, type WebhookReceiver } from "@dsync/testing";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/corpus-dir";
import { freePort, type LoggedProcess, spawnLogged } from "../support/processes";
import { verifyWebhook } from "../support/webhook-signatures";

// `npm start` as a user runs it: one process, no DATABASE_URL (embedded PGlite under a fresh
// data directory), no REDIS_URL (deliveries in-process), the generated admin key.
let server: LoggedProcess;
let receiver: WebhookReceiver;
let dataDir: string;
let url: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "dsync-start-"));
  receiver = await startWebhookReceiver();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawnLogged(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      DSYNC_DATA_DIR: dataDir,
      DSYNC_WEBHOOK_ALLOW_PRIVATE: "true",
      LOG_LEVEL: "info",
    },
  });
  await server.waitForLine(/dsync running/, 60_000);
}, 90_000);

afterAll(async () => {
  await server?.kill("SIGTERM");
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, token?: string) {
  const key = token ?? readFileSync(join(dataDir, "admin-api-key"), "utf8").trim();
  const res = await request(`${url}${path}`, {
    method: method as "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": path.startsWith("/scim") ? "application/scim+json" : "application/json",
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode}: ${text}`);
  return res.headers["content-type"]?.includes("json") ? JSON.parse(text) : text;
}

describe("npm start (API and worker in one process, embedded database, no Redis)", () => {
  it("delivers a SCIM create as a signed webhook and counts it on /metrics", async () => {
    expect(server.lines.join("\n")).toMatch(/"scheduler":"in-process"/);
    const endpoint = await call("POST", "/webhook_endpoints", {
      endpoint_url: receiver.url,
      events: ["dsync.user.created"],
    });
    const org = await call("POST", "/organizations", { name: "Acme" });
    const dir = await call("POST", "/directories", {
      organization_id: org.id,
      name: "Okta",
      type: "okta scim v2.0",
    });
    const scimPath = new URL(dir.scim.endpoint).pathname;
    const user = await call(
      "POST",
      `${scimPath}/Users`,
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@acme.test" },
      dir.scim.bearer_token,
    );

    const [received] = await receiver.waitFor(1);
    expect(await verifyWebhook(received!, endpoint.secret)).toMatchObject({
      event: "dsync.user.created",
    });
    expect(JSON.parse(received!.body).data.id).toBe(user.id);

    const metrics: string = await call("GET", "/metrics");
    expect(metrics).toMatch(/dsync_webhook_deliveries_total\{outcome="delivered"\} 1/);
  });
});
