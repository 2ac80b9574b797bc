import { loadConfig } from "@dsync/config";
import { silentLogger } from "@dsync/runtime";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../app";

// What /ServiceProviderConfig advertises must be what the endpoints enforce: a client that
// trusts filter.maxResults or bulk.maxPayloadSize must never be surprised.
const API_KEY = "limits-api-key-0123456789";
const config = loadConfig({
  DSYNC_API_KEY: API_KEY,
  DSYNC_SCIM_MAX_RESULTS: "2",
  DSYNC_SCIM_MAX_PAYLOAD_BYTES: "4096",
  LOG_LEVEL: "silent",
});

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let base: string;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ config, db: database.db }, { logger: silentLogger });
  const admin = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };
  const org = (await (
    await app.request("/organizations", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ name: "Limits" }),
    })
  ).json()) as { id: string };
  const directory = (await (
    await app.request("/directories", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ organization_id: org.id, name: "Limits", type: "generic scim v2.0" }),
    })
  ).json()) as { id: string; scim: { bearer_token: string } };
  base = `/scim/v2/${directory.id}`;
  token = directory.scim.bearer_token;
});
afterAll(async () => {
  await database?.drop();
});

function scim(method: string, path: string, body?: unknown) {
  return app.request(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in tests.
async function read(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>;
}

describe("configured SCIM limits", () => {
  it("pages no more than the advertised maxResults, on GET and on .search", async () => {
    for (const name of ["a", "b", "c", "d"]) {
      const res = await scim("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `${name}@limits.example`,
      });
      expect(res.status).toBe(201);
    }
    const spc = await read(await scim("GET", "/ServiceProviderConfig"));
    expect(spc.filter.maxResults).toBe(2);
    const listed = await read(await scim("GET", "/Users?count=50"));
    expect(listed.totalResults).toBe(4);
    expect(listed.itemsPerPage).toBe(2);
    const searched = await read(
      await scim("POST", "/Users/.search", {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        count: 50,
      }),
    );
    expect(searched.Resources).toHaveLength(2);
  });

  it("answers 413 past the advertised maxPayloadSize", async () => {
    const spc = await read(await scim("GET", "/ServiceProviderConfig"));
    expect(spc.bulk.maxPayloadSize).toBe(4096);
    const res = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "big@limits.example",
      displayName: "x".repeat(5000),
    });
    expect(res.status).toBe(413);
    expect((await read(res)).status).toBe("413");
  });
});
