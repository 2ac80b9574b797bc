import { loadConfig } from "@dsync/config";
import { createLogger } from "@dsync/runtime";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, expect } from "vitest";
import { createApp } from "./app";

/** The admin key the API integration tests configure as `DSYNC_API_KEY`. */
export const TEST_API_KEY = "test-api-key-0123456789";

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in tests.
export type Body = Record<string, any>;

/** A SCIM directory created through the management API, with its bearer token. */
export interface TestDir {
  id: string;
  organizationId: string;
  token: string;
}

/** What the client needs of an app: Hono's in-process `request`. */
interface RequestableApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** A request's init; `headers` (a plain object) override the client's defaults. */
export type CallInit = Omit<RequestInit, "headers"> & { headers?: Record<string, string> };

/**
 * Requests against an app built by a test file (`app()` is read at call time, so it can be
 * assigned in `beforeAll`). Data goes in through the real management and SCIM endpoints.
 */
export function testClient(app: () => RequestableApp) {
  /** Bearer `key`, and JSON content type when there is a body, unless `init.headers` override. */
  async function call(path: string, init: CallInit = {}, key = TEST_API_KEY): Promise<Response> {
    return app().request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${key}`,
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
    });
  }

  /** `method path` with `body` (when given) as JSON, status unchecked. */
  async function send(
    method: string,
    path: string,
    body?: unknown,
    key = TEST_API_KEY,
  ): Promise<Response> {
    return call(
      path,
      { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      key,
    );
  }

  async function get(path: string, status = 200): Promise<Body> {
    const res = await call(path);
    const body = (await res.json()) as Body;
    expect(res.status, JSON.stringify(body)).toBe(status);
    return body;
  }

  async function post(path: string, body: unknown, key = TEST_API_KEY): Promise<Body> {
    const res = await send("POST", path, body, key);
    const json = (await res.json()) as Body;
    expect(res.status, JSON.stringify(json)).toBe(201);
    return json;
  }

  async function newDirectory(orgName: string, name = `${orgName} Okta`): Promise<TestDir> {
    const org = await post("/organizations", { name: orgName });
    const dir = await post("/directories", {
      organization_id: org.id,
      name,
      type: "okta scim v2.0",
    });
    return { id: dir.id, organizationId: org.id, token: dir.scim.bearer_token };
  }

  async function scimUser(dir: TestDir, userName: string, active = true): Promise<string> {
    const user = await post(
      `/scim/v2/${dir.id}/Users`,
      {
        schemas: [USER_SCHEMA],
        userName,
        name: { givenName: `Given ${userName}`, familyName: "Family" },
        emails: [{ value: userName, primary: true, type: "work" }],
        active,
      },
      dir.token,
    );
    return user.id;
  }

  async function scimGroup(dir: TestDir, displayName: string, members: string[]): Promise<string> {
    const group = await post(
      `/scim/v2/${dir.id}/Groups`,
      { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) },
      dir.token,
    );
    return group.id;
  }

  return { call, send, get, post, newDirectory, scimUser, scimGroup };
}

/**
 * The app and database of one test file: a fresh database and an app on it (admin key
 * `TEST_API_KEY`, silent logs) before the file's tests, the database dropped after them.
 */
export function useTestApp() {
  const config = loadConfig({ DSYNC_API_KEY: TEST_API_KEY, LOG_LEVEL: "silent" });
  let database: TestDatabase | undefined;
  let app: ReturnType<typeof createApp> | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = createApp({ config, db: database.db }, { logger: createLogger("silent") });
  });
  afterAll(async () => {
    await database?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useTestApp: used before beforeAll ran");
    return value;
  };
  return {
    config,
    app: () => ready(app),
    database: () => ready(database),
  };
}
