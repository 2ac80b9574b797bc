import { schema } from "@dsync/db";
import { liveSigningSecrets } from "@dsync/services";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Body, testClient, useTestApp } from "./test-client";

const testApp = useTestApp();

const { send, post } = testClient(testApp.app);

function createEndpoint(body: Body = {}): Promise<Body> {
  return post("/webhook_endpoints", {
    endpoint_url: "https://receiver.example/hooks",
    events: ["dsync.user.created", "dsync.user.deleted"],
    ...body,
  });
}

async function storedRow(id: string) {
  const [row] = await testApp
    .database()
    .db.select()
    .from(schema.webhookEndpoints)
    .where(eq(schema.webhookEndpoints.id, id));
  return row;
}

describe("webhook endpoints", () => {
  it("creates an enabled endpoint whose secret is shown once, then never returned", async () => {
    const created = await createEndpoint();
    expect(created).toMatchObject({
      object: "webhook_endpoint",
      endpoint_url: "https://receiver.example/hooks",
      events: ["dsync.user.created", "dsync.user.deleted"],
      status: "enabled",
      organization_id: null,
    });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await storedRow(created.id))?.secret).toBe(created.secret);

    const got = (await (await send("GET", `/webhook_endpoints/${created.id}`)).json()) as Body;
    expect(got).not.toHaveProperty("secret");
    expect(got.id).toBe(created.id);

    const list = (await (await send("GET", "/webhook_endpoints?limit=100")).json()) as Body;
    expect(list.object).toBe("list");
    const listed = list.data.find((e: Body) => e.id === created.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty("secret");
  });

  it("answers 422 for unknown event types, non-http(s) URLs and unknown organizations", async () => {
    const bad = [
      { endpoint_url: "https://receiver.example", events: ["dsync.user.exploded"] },
      { endpoint_url: "https://receiver.example", events: [] },
      { endpoint_url: "ftp://receiver.example/x", events: ["dsync.user.created"] },
      { endpoint_url: "not a url", events: ["dsync.user.created"] },
      {
        endpoint_url: "https://receiver.example",
        events: ["dsync.user.created"],
        organization_id: "org_missing",
      },
    ];
    for (const body of bad) {
      expect((await send("POST", "/webhook_endpoints", body)).status, JSON.stringify(body)).toBe(
        422,
      );
    }
  });

  it("accepts an organization-scoped endpoint", async () => {
    const org = (await (await send("POST", "/organizations", { name: "Acme" })).json()) as Body;
    const created = await createEndpoint({ organization_id: org.id });
    expect(created.organization_id).toBe(org.id);
  });

  it("patches URL, events and status; omitted fields are kept", async () => {
    const created = await createEndpoint();
    const res = await send("PATCH", `/webhook_endpoints/${created.id}`, {
      status: "disabled",
      events: ["dsync.group.created"],
    });
    expect(res.status).toBe(200);
    const patched = (await res.json()) as Body;
    expect(patched).toMatchObject({
      status: "disabled",
      events: ["dsync.group.created"],
      endpoint_url: "https://receiver.example/hooks",
    });
    expect(patched).not.toHaveProperty("secret");
    const url = await send("PATCH", `/webhook_endpoints/${created.id}`, {
      endpoint_url: "http://localhost:9999/in",
    });
    expect(((await url.json()) as Body).endpoint_url).toBe("http://localhost:9999/in");
    expect(
      (await send("PATCH", `/webhook_endpoints/${created.id}`, { status: "off" })).status,
    ).toBe(422);
    expect(
      (await send("PATCH", "/webhook_endpoints/we_missing", { status: "enabled" })).status,
    ).toBe(404);
  });

  it("rotates the secret: new one shown once, old one kept for the overlap", async () => {
    const created = await createEndpoint();
    const res = await send("POST", `/webhook_endpoints/${created.id}/rotate_secret`, {
      overlap_seconds: 3600,
    });
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as Body;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const row = (await storedRow(created.id))!;
    expect(row.previousSecret).toBe(created.secret);
    const inOverlap = new Date(Date.now() + 1800_000);
    expect(liveSigningSecrets(row, inOverlap)).toEqual([rotated.secret, created.secret]);
    expect(liveSigningSecrets(row, new Date(Date.now() + 7200_000))).toEqual([rotated.secret]);

    // No body: the default overlap of a day.
    const again = await send("POST", `/webhook_endpoints/${created.id}/rotate_secret`);
    expect(again.status).toBe(200);
    const expires = (await storedRow(created.id))!.previousSecretExpiresAt!.getTime();
    expect(Math.abs(expires - (Date.now() + 86_400_000))).toBeLessThan(60_000);

    const now = await send("POST", `/webhook_endpoints/${created.id}/rotate_secret`, {
      overlap_seconds: 0,
    });
    expect(now.status).toBe(200);
    expect((await storedRow(created.id))!.previousSecret).toBeNull();
    expect((await send("POST", "/webhook_endpoints/we_missing/rotate_secret")).status).toBe(404);
  });

  it("deletes: 204, then 404", async () => {
    const created = await createEndpoint();
    expect((await send("DELETE", `/webhook_endpoints/${created.id}`)).status).toBe(204);
    expect((await send("GET", `/webhook_endpoints/${created.id}`)).status).toBe(404);
    expect((await send("DELETE", `/webhook_endpoints/${created.id}`)).status).toBe(404);
  });

  it("needs a key; read-only keys may list but not write", async () => {
    expect((await send("GET", "/webhook_endpoints", undefined, "wrong")).status).toBe(401);
    const keyRes = await send("POST", "/api_keys", { name: "ro", scope: "read_only" });
    const readOnly = ((await keyRes.json()) as Body).key as string;
    expect((await send("GET", "/webhook_endpoints", undefined, readOnly)).status).toBe(200);
    const write = await send(
      "POST",
      "/webhook_endpoints",
      { endpoint_url: "https://x.example", events: ["dsync.user.created"] },
      readOnly,
    );
    expect(write.status).toBe(403);
  });
});
