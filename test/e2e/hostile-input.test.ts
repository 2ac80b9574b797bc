import { Readable } from "node:stream";
import { Agent, Client } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createGroup,
  createUser,
  type DirectorySnapshot,
  expectScim,
  patchBody,
  type ScimRequest,
  type ScimResponse,
  scim,
  snapshotDirectory,
  userBody,
} from "../support/scim";
import { startTestServer, type TestDirectory, type TestServer } from "../support/server";

// Whatever a client sends, the answer is a SCIM error (RFC 7644 §3.12) with a 4xx status,
// never a 500 or a dropped connection, and a rejected request writes nothing: every test
// compares the directory's rows (users, groups, memberships, events) before and after.

let server: TestServer;
let directory: TestDirectory;
let userId: string;
let groupId: string;
let before: DirectorySnapshot;

beforeAll(async () => {
  server = await startTestServer();
  directory = await server.createScimDirectory();
  userId = await createUser(directory, "victim@example.com", { title: "Original" });
  groupId = await createGroup(directory, "Victims", [userId]);
  before = await snapshotDirectory(server.api.db.db, directory.id);
});

afterAll(async () => {
  await server?.close();
});

async function expectUnchanged() {
  expect(await snapshotDirectory(server.api.db.db, directory.id)).toEqual(before);
}

// Every test gets its own connection pool: an oversized request may leave its connection
// unusable (tested once, in "the connection after a 413"), which must not fail whichever
// test happens to reuse that connection next.
let agent: Agent;
beforeEach(() => {
  agent = new Agent();
});
afterEach(async () => {
  await agent.close();
});

async function send(method: string, path: string, options: ScimRequest): Promise<ScimResponse> {
  return scim(directory, method, path, { dispatcher: agent, ...options });
}

/** A 4xx SCIM error body; `status`/`scimType` when the RFC pins them. */
function expectScimError(response: ScimResponse, status: number | number[], scimType?: string) {
  const scimError = scimType ? { scimType } : true;
  expect(expectScim(response, { status, scimError })).toEqual([]);
}

const TWO_MB = 2 * 1024 * 1024;

describe("malformed bodies", () => {
  it.each([
    ["POST", "/Users"],
    ["PUT", "/Users/:user"],
    ["PATCH", "/Users/:user"],
    ["POST", "/Groups"],
    ["PUT", "/Groups/:group"],
    ["PATCH", "/Groups/:group"],
    ["POST", "/Bulk"],
    ["POST", "/Users/.search"],
  ])("%s %s with truncated JSON is 400 invalidSyntax", async (method, template) => {
    const path = template.replace(":user", userId).replace(":group", groupId);
    const response = await send(method, path, { bodyRaw: '{"schemas": ["urn:ietf:params:scim' });
    expectScimError(response, 400, "invalidSyntax");
    await expectUnchanged();
  });

  it.each([
    ["a JSON string", '"userName"'],
    ["a JSON number", "42"],
    ["null", "null"],
    ["an array", "[{}]"],
    ["an empty body", ""],
    ["bytes that are not UTF-8", Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3])],
  ])("PATCH with %s is 400", async (_, bodyRaw) => {
    const response = await send("PATCH", `/Users/${userId}`, { bodyRaw });
    expectScimError(response, 400);
    await expectUnchanged();
  });

  it.each([
    ["POST", "/Users", userBody("plain@example.com")],
    ["PATCH", "/Users/:user", patchBody({ op: "replace", path: "title", value: "Plain" })],
    ["PUT", "/Groups/:group", { schemas: ["x"], displayName: "Plain" }],
  ])("%s %s with Content-Type text/plain is 415 (or 400)", async (method, template, body) => {
    // The body is valid JSON: only the declared media type is wrong (RFC 7644 §3.1).
    const path = template.replace(":user", userId).replace(":group", groupId);
    const response = await send(method, path, {
      bodyRaw: JSON.stringify(body),
      headers: { "Content-Type": "text/plain" },
    });
    expectScimError(response, [415, 400]);
    await expectUnchanged();
  });
});

describe("oversized bodies", () => {
  const bigUser = () =>
    JSON.stringify(userBody("big@example.com", { nickName: "x".repeat(TWO_MB) }));

  it("a 2 MB POST is 413 with a SCIM error", async () => {
    const response = await send("POST", "/Users", { bodyRaw: bigUser() });
    expectScimError(response, 413);
    await expectUnchanged();
  });

  it("a 2 MB PATCH is 413", async () => {
    const body = patchBody({ op: "replace", path: "title", value: "y".repeat(TWO_MB) });
    const response = await send("PATCH", `/Users/${userId}`, {
      bodyRaw: JSON.stringify(body),
    });
    expectScimError(response, 413);
    await expectUnchanged();
  });

  it("a 2 MB body sent chunked (no Content-Length) is 413 too", async () => {
    const payload = Buffer.from(bigUser());
    const chunks = Array.from({ length: 32 }, (_, i) =>
      payload.subarray((i * payload.length) / 32, ((i + 1) * payload.length) / 32),
    );
    const response = await send("POST", "/Users", {
      bodyRaw: Readable.from(chunks),
    });
    expectScimError(response, 413);
    await expectUnchanged();
  });
});

describe("the connection after a 413", () => {
  it("stays usable, or the 413 says Connection: close", async () => {
    // Clients (IdPs) keep connections alive. A server that answers 413 without reading the
    // body must either drain it or announce the close (RFC 9112 §9.6); otherwise the
    // client's next request on that connection dies with a socket error.
    const client = new Client(new URL(directory.scimBase).origin, { pipelining: 1 });
    try {
      const big = JSON.stringify(userBody("big@example.com", { nickName: "x".repeat(TWO_MB) }));
      const seen: string[] = [];
      const attempt = async (label: string, run: () => Promise<ScimResponse>) => {
        try {
          const response = await run();
          seen.push(`${label} → ${response.status} (Connection: ${response.headers.connection})`);
          return response;
        } catch (error) {
          throw new Error(`${[...seen, `${label} → ${(error as Error).message}`].join("; ")}`);
        }
      };
      for (let i = 1; i <= 3; i++) {
        const response = await attempt(`2 MB POST #${i}`, () =>
          send("POST", "/Users", { bodyRaw: big, dispatcher: client }),
        );
        expect(response.status).toBe(413);
        if (response.headers.connection === "close") return;
      }
      const next = await attempt("GET", () =>
        send("GET", `/Users/${userId}`, { dispatcher: client }),
      );
      expect(next.status).toBe(200);
    } finally {
      await client.close();
    }
  });
});

describe("hostile filters", () => {
  const parens = (n: number) => "(".repeat(n);

  it("GET with 10,000 unclosed parentheses is 400 invalidFilter", async () => {
    // Raw "(" (legal in a query) keeps the URL near 10 KB, under Node's 16 KB request head.
    const response = await send("GET", "/Users", {
      rawQuery: `filter=${parens(10_000)}userName%20eq%20%22x%22`,
    });
    expectScimError(response, 400, "invalidFilter");
    await expectUnchanged();
  });

  it.each([
    ['"a" eq', '"a" eq'],
    ["userName eq", "userName eq"],
    ["eq eq eq", "eq eq eq"],
    ["userName pr pr", "userName pr pr"],
    ["an unterminated value path", 'emails[type eq "work"'],
    ["a nested value path", 'emails[value[type eq "x"]] eq "y"'],
    ["an unterminated string", 'userName eq "abc'],
    ["and without a right side", 'userName eq "a" and'],
    ["a lone not", "not"],
    ["an unknown operator", 'userName like "%"'],
  ])("GET with %s is 400 invalidFilter", async (_, filter) => {
    const response = await send("GET", "/Users", { query: { filter } });
    expectScimError(response, 400, "invalidFilter");
    await expectUnchanged();
  });

  it("10,000 balanced nested parentheses: an answer or a 400, never a crash", async () => {
    // Too long for a URL (Node caps request heads at 16 KB), so sent through POST .search.
    const filter = `${parens(10_000)}userName eq "victim@example.com"${")".repeat(10_000)}`;
    const response = await send("POST", "/Users/.search", {
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter },
    });
    if (response.status === 200) {
      expect(expectScim(response, { listResponse: { totalResults: 1 } })).toEqual([]);
    } else {
      expectScimError(response, 400, "invalidFilter");
    }
    await expectUnchanged();
  });

  it("a 1 MB string in a GET filter is refused with a 4xx", async () => {
    // Node's HTTP parser answers 431 before the app sees the request: no SCIM body is
    // possible there, but it must still be a 4xx and the server must keep serving.
    const response = await send("GET", "/Users", {
      query: { filter: `userName eq "${"a".repeat(1024 * 1024)}"` },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await send("GET", `/Users/${userId}`, {})).status).toBe(200);
  });

  it("a 1 MB string in a .search filter is a 4xx SCIM error", async () => {
    const filter = `userName eq "${"a".repeat(1024 * 1024)}"`;
    const response = await send("POST", "/Users/.search", {
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter },
    });
    expectScimError(response, [400, 413]);
    await expectUnchanged();
  });

  it.each([
    ["a LIKE wildcard in sw", 'userName sw "%"'],
    ["a LIKE wildcard in co", 'userName co "_"'],
    ["a LIKE escape in ew", 'userName ew "\\\\"'],
    ["an SQL quote", "userName eq \"x' or '1'='1\""],
    ["a NUL character", 'userName eq "vic\u0000tim@example.com"'],
  ])("%s matches nothing (or is refused), never a 500", async (_, filter) => {
    const response = await send("GET", "/Users", { query: { filter } });
    if (response.status === 200) {
      expect(expectScim(response, { listResponse: { totalResults: 0 } })).toEqual([]);
    } else {
      expectScimError(response, 400);
    }
    await expectUnchanged();
  });
});

describe("hostile paging parameters", () => {
  it.each([
    [{ count: "1000000000" }],
    [{ count: "abc" }],
    [{ startIndex: "-5" }],
    [{ startIndex: "99999999999999999999" }],
    [{ count: "1e309" }],
    [{ sortBy: "nonexistent", sortOrder: "sideways" }],
    [{ attributes: "x".repeat(5000) }],
  ])("paging parameters %# give a list or a 400, never a 500", async (query) => {
    const response = await send("GET", "/Users", { query });
    if (response.status === 200) {
      expect(expectScim(response, { listResponse: true })).toEqual([]);
    } else {
      expectScimError(response, 400);
    }
  });
});

describe("hostile values", () => {
  it.each([
    ["a NUL in userName", userBody("nul\u0000byte@example.com")],
    ["a 10,000-level nested attribute", deepUser(10_000)],
    ["a number as userName", { ...userBody("n@example.com"), userName: 12345 }],
    ["an object as active", { ...userBody("o@example.com"), active: { value: true } }],
  ])("POST with %s is rejected with a 4xx or stored cleanly", async (_, body) => {
    const response = await send("POST", "/Users", {
      bodyRaw: typeof body === "string" ? body : JSON.stringify(body),
    });
    expect(response.status, response.bodyText.slice(0, 500)).toBeLessThan(500);
    if (response.status !== 201) {
      expectScimError(response, 400);
      await expectUnchanged();
    } else {
      // Accepted: it must then be readable back.
      const id = (response.json as { id: string }).id;
      expect((await send("GET", `/Users/${id}`, {})).status).toBe(200);
      expect((await send("DELETE", `/Users/${id}`, {})).status).toBe(204);
      // Its created/deleted events are legitimate; later tests compare against them too.
      before = await snapshotDirectory(server.api.db.db, directory.id);
    }
  });
});

/** Built as text: JSON.stringify itself overflows the stack on 10,000 levels. */
function deepUser(depth: number): string {
  const user = JSON.stringify(userBody("deep@example.com"));
  return `${user.slice(0, -1)},"deep":${'{"a":'.repeat(depth)}"bottom"${"}".repeat(depth)}}`;
}
