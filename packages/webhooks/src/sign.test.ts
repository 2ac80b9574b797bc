import type { RenderedEvent } from "@dsync/core";
import { WorkOS } from "@workos-inc/node";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  serializeEvent,
  signatureHeaders,
  signStandardWebhooks,
  signWorkOS,
} from "./index";

const workos = new WorkOS("sk_test_dsync");

const event: RenderedEvent = {
  object: "event",
  id: "event_01JTESTEVENT0000000000000",
  event: "dsync.group.created",
  data: {
    object: "directory_group",
    id: "directory_group_01JTEST",
    idp_id: "g-1",
    directory_id: "directory_01JTEST",
    organization_id: "org_01JTEST",
    name: "Engineering ✓",
    raw_attributes: {},
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
  },
  created_at: "2026-01-01T00:00:00.000Z",
};

/** Secrets in the shape we issue: `whsec_` + base64 of 24–32 random bytes. */
const secretArb = fc
  .uint8Array({ minLength: 24, maxLength: 32 })
  .map((bytes) => `whsec_${Buffer.from(bytes).toString("base64")}`);
/** Timestamps inside both verifiers' tolerance (WorkOS 180 s in the past, Standard Webhooks 5 min). */
const offsetArb = fc.integer({ min: -60_000, max: 60_000 });

async function workosAccepts(payload: string, sigHeader: string, secret: string) {
  try {
    return await workos.webhooks.verifyHeader({ payload, sigHeader, secret });
  } catch {
    return false;
  }
}

function standardAccepts(secret: string, body: string, headers: Record<string, string>) {
  try {
    // jsonParse: false because the properties sign arbitrary strings, not only JSON.
    new Webhook(secret).verify(body, headers, { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}

function flipByte(body: string, index: number): string {
  const bytes = Buffer.from(body, "utf8");
  const i = index % bytes.length;
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  return bytes.toString("latin1");
}

describe("serializeEvent", () => {
  it("is compact JSON of the WorkOS envelope in a fixed key order", () => {
    const body = serializeEvent(event);
    expect(Object.keys(JSON.parse(body))).toEqual(["id", "object", "event", "data", "created_at"]);
    expect(JSON.parse(body)).toEqual(event);
    expect(body).not.toMatch(/\n/);
  });
});

describe("generateWebhookSecret", () => {
  it("is whsec_ plus base64 of 32 bytes, unique each call", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});

describe("signWorkOS", () => {
  it("is accepted by @workos-inc/node constructEvent, which returns the event", async () => {
    const secret = generateWebhookSecret();
    const body = serializeEvent(event);
    const sigHeader = signWorkOS(secret, body, Date.now());
    expect(sigHeader).toMatch(/^t=\d+, v1=[0-9a-f]{64}$/);
    const parsed = await workos.webhooks.constructEvent({ payload: body, sigHeader, secret });
    expect(parsed.id).toBe(event.id);
    expect(parsed.event).toBe("dsync.group.created");
  });

  it("any body, secret and timestamp verifies; a flipped byte or another secret fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, unit: "binary" }),
        secretArb,
        secretArb,
        offsetArb,
        fc.nat(),
        async (body, secret, other, offset, index) => {
          const sig = signWorkOS(secret, body, Date.now() + offset);
          expect(await workosAccepts(body, sig, secret)).toBe(true);
          const flipped = flipByte(body, index);
          if (flipped !== body) expect(await workosAccepts(flipped, sig, secret)).toBe(false);
          if (other !== secret) expect(await workosAccepts(body, sig, other)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("signStandardWebhooks", () => {
  it("any body, secret and timestamp verifies with the standardwebhooks package; tampering fails", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: "binary" }),
        secretArb,
        secretArb,
        offsetArb,
        fc.nat(),
        (body, secret, other, offset, index) => {
          const ts = Math.floor((Date.now() + offset) / 1000);
          const headers = { ...signStandardWebhooks(secret, "msg_1", body, ts) };
          expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
          expect(standardAccepts(secret, body, headers)).toBe(true);
          const flipped = flipByte(body, index);
          if (flipped !== body) expect(standardAccepts(secret, flipped, headers)).toBe(false);
          if (other !== secret) expect(standardAccepts(other, body, headers)).toBe(false);
          expect(standardAccepts(secret, body, { ...headers, "webhook-id": "msg_2" })).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("with several secrets, lists one signature each, and each secret verifies", () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = {
      ...signStandardWebhooks([a, b], "msg_1", "{}", Math.floor(Date.now() / 1000)),
    };
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(standardAccepts(a, "{}", headers)).toBe(true);
    expect(standardAccepts(b, "{}", headers)).toBe(true);
    expect(standardAccepts(generateWebhookSecret(), "{}", headers)).toBe(false);
  });
});

describe("signatureHeaders", () => {
  it("signs the serialized event in both formats; during rotation WorkOS uses the newest secret", async () => {
    const [newest, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const { body, headers } = signatureHeaders([newest, previous], event, new Date());
    expect(body).toBe(serializeEvent(event));
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["webhook-id"]).toBe(event.id);
    const sigHeader = headers["workos-signature"] ?? "";
    const parsed = await workos.webhooks.constructEvent({
      payload: body,
      sigHeader,
      secret: newest,
    });
    expect(parsed.id).toBe(event.id);
    expect(await workosAccepts(body, sigHeader, previous)).toBe(false);
    expect(standardAccepts(newest, body, headers)).toBe(true);
    expect(standardAccepts(previous, body, headers)).toBe(true);
  });

  it("uses one clock for both timestamps", () => {
    const now = new Date("2026-03-01T12:00:00.987Z");
    const { headers } = signatureHeaders([generateWebhookSecret()], event, now);
    expect(headers["workos-signature"]).toMatch(/^t=1772366400987, /);
    expect(headers["webhook-timestamp"]).toBe("1772366400");
  });

  it("refuses an empty secret list", () => {
    expect(() => signatureHeaders([], event, new Date())).toThrow();
  });
});
