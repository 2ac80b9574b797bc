import { randomBytes } from "node:crypto";
import { type RunningApi, startApi } from "@dsync/api";
import { loadConfig } from "@dsync/config";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { request } from "undici";

/** A SCIM directory created through the management API. */
export interface TestDirectory {
  id: string;
  organizationId: string;
  type: string;
  /** `<server url>/scim/v2/<directory id>`. */
  scimBase: string;
  token: string;
}

export interface TestServer {
  /** Base URL of the running API, e.g. `http://127.0.0.1:41234`. */
  url: string;
  api: RunningApi;
  /** This server's own database (also `api.db`), dropped by `close()`. */
  database: TestDatabase;
  /** The management API key this server accepts (for clients such as the WorkOS SDK). */
  apiKey: string;
  /** Calls the management API with the API key; throws on a non-2xx answer. */
  management<T>(method: string, path: string, body?: unknown): Promise<T>;
  createOrganization(name: string): Promise<string>;
  createDirectory(options: {
    organizationId: string;
    name: string;
    type?: string;
  }): Promise<TestDirectory>;
  /** An organization with one fresh directory of `type` (generic by default). */
  createScimDirectory(type?: string): Promise<TestDirectory>;
  close(): Promise<void>;
}

/**
 * Starts the real API (the same `startApi` production uses) on an ephemeral port against a
 * fresh, migrated database. One per test file: start in `beforeAll`, close in `afterAll`.
 */
export async function startTestServer(): Promise<TestServer> {
  const database = await createTestDatabase({ maxConnections: 20 });
  const apiKey = `test_${randomBytes(24).toString("hex")}`;
  let api: RunningApi;
  try {
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      DSYNC_API_KEY: apiKey,
      LOG_LEVEL: "silent",
    });
    api = await startApi({ config, db: database, silent: true });
  } catch (error) {
    await database.drop();
    throw error;
  }

  async function management<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await request(`${api.url}${path}`, {
      method: method as "GET",
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new Error(`${method} ${path} → ${response.statusCode}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function createOrganization(name: string): Promise<string> {
    const org = await management<{ id: string }>("POST", "/organizations", { name });
    return org.id;
  }

  async function createDirectory(options: {
    organizationId: string;
    name: string;
    type?: string;
  }): Promise<TestDirectory> {
    const type = options.type ?? "generic scim v2.0";
    const directory = await management<{
      id: string;
      scim?: { endpoint: string; bearer_token: string };
    }>("POST", "/directories", {
      organization_id: options.organizationId,
      name: options.name,
      type,
    });
    if (!directory.scim) {
      throw new Error(`POST /directories (${type}) returned no scim: ${JSON.stringify(directory)}`);
    }
    // The endpoint is built from DSYNC_PUBLIC_URL, which cannot name an ephemeral port
    // before the server binds it; keep its path and point it at the bound address.
    const { pathname } = new URL(directory.scim.endpoint);
    if (pathname !== `/scim/v2/${directory.id}`) {
      throw new Error(`unexpected SCIM endpoint ${directory.scim.endpoint} for ${directory.id}`);
    }
    return {
      id: directory.id,
      organizationId: options.organizationId,
      type,
      scimBase: `${api.url}${pathname}`,
      token: directory.scim.bearer_token,
    };
  }

  return {
    url: api.url,
    api,
    database,
    apiKey,
    management,
    createOrganization,
    createDirectory,
    async createScimDirectory(type?: string) {
      const organizationId = await createOrganization(`org ${randomBytes(4).toString("hex")}`);
      return createDirectory({ organizationId, name: "test directory", ...(type ? { type } : {}) });
    },
    async close() {
      try {
        await api.close();
      } finally {
        await database.drop();
      }
    },
  };
}
