import { loadConfig } from "@dsync/config";
import { createLogger } from "@dsync/runtime";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createApp } from "../app";
import { type CallInit, TEST_API_KEY, testClient } from "../test-client";
import { buildOpenApiDocument, type OpenApiDocument } from "./document";
import { API_OPERATIONS } from "./operations";
import {
  ApiKeyList,
  CreatedApiKeyResponse,
  CreatedDirectoryResponse,
  CreatedDirectoryTokenResponse,
  DeletedDirectoryResponse,
  DirectoryGroupList,
  DirectoryGroupResponse,
  DirectoryList,
  DirectoryResponse,
  DirectoryTokenList,
  DirectoryUserList,
  DirectoryUserResponse,
  ErrorResponse,
  EventList,
  OrganizationList,
  OrganizationResponse,
  WebhookDeliveryList,
  WebhookDeliveryResponse,
  WebhookDeliveryWithAttemptsResponse,
  WebhookEndpointList,
  WebhookEndpointResponse,
  WebhookEndpointWithSecretResponse,
  WebhookReplayResponse,
} from "./responses";

// The document is generated from the schemas routes validate with; these tests keep it honest
// about the rest: every mounted route is documented, and real responses match the documented
// response schemas.

const config = loadConfig({
  DSYNC_API_KEY: TEST_API_KEY,
  DSYNC_PUBLIC_URL: "https://dsync.test/",
  LOG_LEVEL: "silent",
});
// Routes that are not part of the management API the document describes.
// Operational endpoints (health, metrics in the Prometheus format, the docs themselves).
const UNDOCUMENTED = [
  /^\/scim\//,
  /^\/health$/,
  /^\/metrics$/,
  /^\/ready$/,
  /^\/openapi\.json$/,
  /^\/docs$/,
];

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let document: OpenApiDocument;

const { call, post, newDirectory, scimUser } = testClient(() => app);

/** Calls the API, checks the status and parses the body with the documented schema. */
async function expectDocumented<T extends z.ZodType>(
  schema: T,
  status: number,
  path: string,
  init: CallInit = {},
  key = TEST_API_KEY,
): Promise<z.infer<T>> {
  const res = await call(path, init, key);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? [], `${path}: ${JSON.stringify(body)}`).toEqual([]);
  return parsed.data as z.infer<T>;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ config, db: database.db }, { logger: createLogger("silent") });
  const res = await app.request("/openapi.json");
  expect(res.status).toBe(200);
  document = (await res.json()) as OpenApiDocument;
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

/** Every `$ref` string anywhere in `value`. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") found.push(child);
      else refs(child, found);
    }
  }
  return found;
}

/** `method /path/{param}` of every mounted route the document should describe, sorted. */
function mountedRoutes(): string[] {
  const routes = app.routes
    .filter((r) => r.method !== "ALL")
    .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, "{$1}") }))
    .filter((r) => !UNDOCUMENTED.some((re) => re.test(r.path)))
    .map((r) => `${r.method} ${r.path.replace(/(.)\/$/, "$1")}`);
  return [...new Set(routes)].sort();
}

/** `method /path/{param}` of every operation in `doc`, sorted. */
function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    .sort();
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document with a bearer scheme, operations and resolvable $refs", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBeTruthy();
    expect(document.servers[0]?.url).toBe("https://dsync.test");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    const operationIds = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths)) {
      expect(path).toMatch(/^\//);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(methods)) {
        expect(["get", "post", "put", "patch", "delete"]).toContain(method);
        expect(operationIds.has(op.operationId), op.operationId).toBe(false);
        operationIds.add(op.operationId);
        expect(op.summary).toBeTruthy();
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(response.description).toBeTruthy();
        }
        const pathParams = (op.parameters ?? []).filter((p) => p.in === "path");
        expect(pathParams.map((p) => p.name).sort(), `${method} ${path}`).toEqual(
          [...templated].sort(),
        );
        for (const p of op.parameters ?? []) {
          if (p.in === "path") expect(p.required).toBe(true);
          expect(p.schema).toBeTypeOf("object");
        }
      }
    }
    const all = refs(document);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      const name = ref.split("/").pop()!;
      expect(document.components.schemas[name], ref).toBeDefined();
    }
    // Component schemas are embedded JSON Schema, not standalone documents.
    for (const schema of Object.values(document.components.schemas)) {
      expect(schema.$schema).toBeUndefined();
      expect(schema.$id).toBeUndefined();
    }
  });

  it("documents every mounted REST route, and nothing that is not mounted", () => {
    const mounted = mountedRoutes();
    expect(mounted.length).toBeGreaterThanOrEqual(21);
    expect(mounted).toContain("post /webhook_endpoints/{id}/rotate_secret");
    expect(mounted).toContain("post /webhook_endpoints/{id}/replay");
    expect(mounted).toContain("post /webhook_deliveries/{id}/replay");
    expect(mounted).toEqual(documentedRoutes(document));
  });

  it("would fail for a mounted route the document leaves out", () => {
    const partial = buildOpenApiDocument({
      operations: API_OPERATIONS.filter((o) => o.operationId !== "deleteWebhookEndpoint"),
    });
    const missing = mountedRoutes().filter((r) => !documentedRoutes(partial).includes(r));
    expect(missing).toEqual(["delete /webhook_endpoints/{id}"]);
  });

  it("derives query parameters and bodies from the routes' zod schemas", () => {
    const listUsers = document.paths["/directory_users"]!.get!;
    const names = listUsers.parameters!.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(["directory", "group", "limit", "order", "before", "after"]),
    );
    const limit = listUsers.parameters!.find((p) => p.name === "limit")!;
    expect(limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100 });
    const events = document.paths["/events"]!.get!.parameters!.find((p) => p.name === "events")!;
    expect(events).toMatchObject({ required: true, style: "form", explode: false });
    const body = document.paths["/organizations"]!.post!.requestBody!.content["application/json"];
    expect(body.schema).toMatchObject({ type: "object", required: ["name"] });
    expect(document.paths["/organizations"]!.post!.requestBody!.required).toBe(true);
    // No body is valid for rotate_secret: the default overlap applies.
    const rotate = document.paths["/webhook_endpoints/{id}/rotate_secret"]!.post!;
    expect(rotate.requestBody).toMatchObject({ required: false });
    const overlap = rotate.requestBody!.content["application/json"].schema;
    expect(overlap).toMatchObject({
      properties: { overlap_seconds: { type: "integer", minimum: 0, maximum: 604_800 } },
    });
    const created = document.paths["/webhook_endpoints"]!.post!;
    expect(created.requestBody).toMatchObject({ required: true });
    expect(Object.keys(created.responses).sort()).toEqual(["201", "401", "403", "422", "429"]);
  });

  it("is served without an API key", async () => {
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
  });
});

describe("GET /docs", () => {
  it("renders a self-contained HTML reference listing every path", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    for (const path of Object.keys(document.paths)) expect(html).toContain(`<code>${path}</code>`);
    for (const tag of document.tags) expect(html).toContain(tag.name);
    expect(html).toContain("/scim/v2/{directoryId}");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
  });
});

describe("real responses match the documented schemas", () => {
  it("covers organizations, directories, tokens, SCIM-fed users and groups, events, webhook endpoints, errors", async () => {
    const json = (body: unknown): CallInit => ({ method: "POST", body: JSON.stringify(body) });
    const org = await expectDocumented(
      OrganizationResponse,
      201,
      "/organizations",
      json({ name: "Acme", domain_data: [{ domain: "acme.com", state: "verified" }] }),
    );
    await expectDocumented(OrganizationList, 200, "/organizations");
    const key = await expectDocumented(
      CreatedApiKeyResponse,
      201,
      "/api_keys",
      json({ name: "docs", scope: "read_only" }),
    );
    await expectDocumented(ApiKeyList, 200, "/api_keys");
    expect((await call(`/api_keys/${key.id}`, { method: "DELETE" })).status).toBe(204);
    await expectDocumented(OrganizationResponse, 200, `/organizations/${org.id}`);
    const dir = await expectDocumented(
      CreatedDirectoryResponse,
      201,
      "/directories",
      json({ organization_id: org.id, name: "Acme Okta", type: "okta scim v2.0" }),
    );
    const scimToken = dir.scim!.bearer_token;

    const scim = (path: string, body: unknown) =>
      call(`/scim/v2/${dir.id}${path}`, { method: "POST", body: JSON.stringify(body) }, scimToken);
    const user = await scim("/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "ada@acme.com",
      externalId: "00u1",
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ value: "ada@acme.com", type: "work", primary: true }],
      title: "Engineer",
      active: true,
    });
    expect(user.status).toBe(201);
    const scimUserId = ((await user.json()) as { id: string }).id;
    const group = await scim("/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Engineering",
      members: [{ value: scimUserId }],
    });
    expect(group.status).toBe(201);

    await expectDocumented(DirectoryList, 200, `/directories?organization_id=${org.id}`);
    await expectDocumented(DirectoryResponse, 200, `/directories/${dir.id}`);
    const users = await expectDocumented(
      DirectoryUserList,
      200,
      `/directory_users?directory=${dir.id}`,
    );
    expect(users.data).toHaveLength(1);
    expect(users.data[0]!.groups).toHaveLength(1);
    await expectDocumented(DirectoryUserResponse, 200, `/directory_users/${users.data[0]!.id}`);
    const groups = await expectDocumented(
      DirectoryGroupList,
      200,
      `/directory_groups?directory=${dir.id}`,
    );
    expect(groups.data).toHaveLength(1);
    await expectDocumented(DirectoryGroupResponse, 200, `/directory_groups/${groups.data[0]!.id}`);
    const events = await expectDocumented(
      EventList,
      200,
      "/events?events=dsync.activated,dsync.user.created,dsync.group.created,dsync.group.user_added",
    );
    expect(events.data.length).toBeGreaterThanOrEqual(3);

    const token = await expectDocumented(
      CreatedDirectoryTokenResponse,
      201,
      `/directories/${dir.id}/tokens`,
      { method: "POST" },
    );
    const tokens = await expectDocumented(DirectoryTokenList, 200, `/directories/${dir.id}/tokens`);
    expect(tokens.data.some((t) => t.last_used_at !== null)).toBe(true);
    const revoked = await call(`/directories/${dir.id}/tokens/${token.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(204);

    const endpoint = await expectDocumented(
      WebhookEndpointWithSecretResponse,
      201,
      "/webhook_endpoints",
      json({
        endpoint_url: "https://receiver.example/hooks",
        events: ["dsync.user.created"],
        organization_id: org.id,
      }),
    );
    const endpoints = await expectDocumented(WebhookEndpointList, 200, "/webhook_endpoints");
    expect(endpoints.data.map((e) => e.id)).toEqual([endpoint.id]);
    await expectDocumented(WebhookEndpointResponse, 200, `/webhook_endpoints/${endpoint.id}`);
    await expectDocumented(WebhookEndpointResponse, 200, `/webhook_endpoints/${endpoint.id}`, {
      method: "PATCH",
      body: JSON.stringify({ status: "disabled" }),
    });
    const rotated = await expectDocumented(
      WebhookEndpointWithSecretResponse,
      200,
      `/webhook_endpoints/${endpoint.id}/rotate_secret`,
      json({ overlap_seconds: 60 }),
    );
    expect(rotated.secret).not.toBe(endpoint.secret);
    await expectDocumented(
      WebhookEndpointWithSecretResponse,
      200,
      `/webhook_endpoints/${endpoint.id}/rotate_secret`,
      { method: "POST" },
    );
    expect((await call(`/webhook_endpoints/${endpoint.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    await expectDocumented(ErrorResponse, 404, `/webhook_endpoints/${endpoint.id}`);

    await expectDocumented(ErrorResponse, 404, "/directory_users/directory_user_missing");
    await expectDocumented(ErrorResponse, 422, "/directory_users");
    await expectDocumented(ErrorResponse, 401, "/organizations", {}, "wrong-key");
    await expectDocumented(DeletedDirectoryResponse, 202, `/directories/${dir.id}`, {
      method: "DELETE",
    });
    const deleted = await expectDocumented(EventList, 200, "/events?events=dsync.deleted");
    expect(deleted.data).toHaveLength(1);
  });

  it("covers webhook deliveries and replays", async () => {
    const dir = await newDirectory("Deliveries");
    const rangeStart = new Date(Date.now() - 60_000).toISOString();
    const endpoint = await post("/webhook_endpoints", {
      endpoint_url: "https://receiver.example/hooks",
      events: ["dsync.user.created"],
      organization_id: dir.organizationId,
    });
    await scimUser(dir, "ada@deliveries.example");
    const list = await expectDocumented(
      WebhookDeliveryList,
      200,
      `/webhook_deliveries?webhook_endpoint_id=${endpoint.id}&status=pending`,
    );
    expect(list.data).toHaveLength(1);
    const id = list.data[0]!.id;
    const got = await expectDocumented(
      WebhookDeliveryWithAttemptsResponse,
      200,
      `/webhook_deliveries/${id}`,
    );
    expect(got.attempt_history).toEqual([]);
    await expectDocumented(WebhookDeliveryResponse, 202, `/webhook_deliveries/${id}/replay`, {
      method: "POST",
    });
    const range = { range_start: rangeStart, range_end: new Date(Date.now() + 60_000) };
    const replay = await expectDocumented(
      WebhookReplayResponse,
      202,
      `/webhook_endpoints/${endpoint.id}/replay`,
      { method: "POST", body: JSON.stringify(range) },
    );
    expect(replay.deliveries).toBe(1);
    await expectDocumented(ErrorResponse, 404, "/webhook_deliveries/webhook_delivery_missing");
    await expectDocumented(ErrorResponse, 422, "/webhook_deliveries?status=sent");
    await expectDocumented(ErrorResponse, 422, `/webhook_endpoints/${endpoint.id}/replay`, {
      method: "POST",
    });
  });
});
