import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGroup,
  createUser,
  type DirectorySnapshot,
  expectScim,
  GROUP_SCHEMA,
  patchBody,
  type ScimResponse,
  scim,
  snapshotDirectory,
  userBody,
} from "../support/scim";
import { startTestServer, type TestDirectory, type TestServer } from "../support/server";

// A directory's bearer token is scoped to that directory (design.md §7): with B's token
// nothing of A can be read, changed or even confirmed to exist, and A's token does not open
// B's endpoint. Every answer is checked for leaks of A's data, not just for its status.

let server: TestServer;
let a: TestDirectory;
let b: TestDirectory;
let userA: string;
let groupA: string;
let secret: string;
let before: DirectorySnapshot;

beforeAll(async () => {
  server = await startTestServer();
  // Different organizations: the strongest separation an application sets up.
  a = await server.createScimDirectory("okta scim v2.0");
  b = await server.createScimDirectory("okta scim v2.0");
  secret = `secret-${randomBytes(6).toString("hex")}`;
  userA = await createUser(a, `${secret}@a.example`, { externalId: `${secret}-ext` });
  groupA = await createGroup(a, `${secret} group`, [userA]);
  before = await snapshotDirectory(server.api.db.db, a.id);
});

afterAll(async () => {
  await server?.close();
});

/**
 * Nothing of A that the caller did not send itself may appear in an answer given to someone
 * else. (Echoing an id from the request URL back in a 404 detail tells the caller nothing.)
 */
function expectNoLeak(response: ScimResponse, needles = [secret, a.id]) {
  for (const needle of needles) {
    expect(response.bodyText, `response leaks ${needle}`).not.toContain(needle);
    for (const [name, value] of Object.entries(response.headers)) {
      expect(String(value), `header ${name} leaks ${needle}`).not.toContain(needle);
    }
  }
}

function expectRejected(response: ScimResponse, statuses: number[]) {
  expect(expectScim(response, { status: statuses, scimError: true })).toEqual([]);
  expectNoLeak(response);
}

/** An id of the same shape that exists nowhere: the reference answer for "not found". */
function twinOf(id: string): string {
  return `${id.slice(0, -4)}ZZZZ`;
}

describe("B's token on B's endpoint cannot reach A's objects", () => {
  it.each([
    ["GET", "user", () => `/Users/${userA}`, undefined],
    ["GET", "group", () => `/Groups/${groupA}`, undefined],
    [
      "PATCH",
      "user",
      () => `/Users/${userA}`,
      patchBody({ op: "replace", path: "active", value: false }),
    ],
    [
      "PATCH",
      "group",
      () => `/Groups/${groupA}`,
      patchBody({ op: "replace", path: "members", value: [] }),
    ],
    ["PUT", "user", () => `/Users/${userA}`, userBody("put@b.example")],
    ["PUT", "group", () => `/Groups/${groupA}`, { schemas: [GROUP_SCHEMA], displayName: "Taken" }],
    ["DELETE", "user", () => `/Users/${userA}`, undefined],
    ["DELETE", "group", () => `/Groups/${groupA}`, undefined],
  ] as const)(
    "%s A's %s is 404, the same answer as for an id that exists nowhere",
    async (method, _, path, body) => {
      const options = body === undefined ? {} : { body };
      const response = await scim(b, method, path(), options);
      expectRejected(response, [404]);
      // No existence oracle: A's id and a random one are indistinguishable from B.
      const id = path().split("/")[2]!;
      const twin = await scim(b, method, path().replace(id, twinOf(id)), options);
      expect(twin.status).toBe(response.status);
      expect(twin.bodyText.replace(twinOf(id), "<id>")).toBe(response.bodyText.replace(id, "<id>"));
    },
  );

  it("lists and filters do not show A's objects", async () => {
    for (const [path, filter] of [
      ["/Users", `userName eq "${secret}@a.example"`],
      ["/Users", `externalId eq "${secret}-ext"`],
      ["/Users", `id eq "${userA}"`],
      ["/Groups", `displayName eq "${secret} group"`],
      ["/Users", ""],
      ["/Groups", ""],
    ] as const) {
      const response = await scim(b, "GET", path, filter ? { query: { filter } } : {});
      expect(expectScim(response, { status: 200, listResponse: true })).toEqual([]);
      expectNoLeak(response);
    }
  });

  it("Bulk through B cannot touch A's objects", async () => {
    const response = await scim(b, "POST", "/Bulk", {
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [
          {
            method: "PATCH",
            path: `/Users/${userA}`,
            data: patchBody({ op: "replace", path: "active", value: false }),
          },
          { method: "DELETE", path: `/Groups/${groupA}` },
        ],
      },
    });
    expect(response.status).toBe(200);
    const operations = (response.json as { Operations?: { status?: string }[] }).Operations ?? [];
    expect(operations.map((op) => op.status)).toEqual(["404", "404"]);
    expectNoLeak(response);
  });

  it("B cannot make A's user a member of B's group", async () => {
    const groupB = await createGroup(b, "B group");
    const response = await scim(b, "PATCH", `/Groups/${groupB}`, {
      body: patchBody({ op: "add", path: "members", value: [{ value: userA }] }),
    });
    expect(response.status).toBeLessThan(500);
    expectNoLeak(response);
    const group = await scim(b, "GET", `/Groups/${groupB}`);
    expect(JSON.stringify((group.json as { members?: unknown }).members ?? [])).not.toContain(
      userA,
    );
  });
});

describe("tokens are bound to their directory", () => {
  it("A's token on B's endpoint is rejected and reveals nothing of B", async () => {
    const userB = await createUser(b, `only-b-${secret}@b.example`);
    for (const [method, path, body] of [
      ["GET", "/Users", undefined],
      ["GET", `/Users/${userB}`, undefined],
      ["POST", "/Users", userBody(`via-a-token-${secret}@b.example`)],
      ["DELETE", `/Users/${userB}`, undefined],
    ] as const) {
      const response = await scim(b, method, path, { token: a.token, ...(body ? { body } : {}) });
      expect(expectScim(response, { status: [401, 403, 404], scimError: true })).toEqual([]);
      expect(response.bodyText).not.toContain(userB);
      expect(response.bodyText).not.toContain("only-b-");
    }
    // Nothing was created or deleted in B through A's token.
    const check = await scim(b, "GET", "/Users", {
      query: { filter: `userName eq "via-a-token-${secret}@b.example"` },
    });
    expect(expectScim(check, { status: 200, listResponse: { totalResults: 0 } })).toEqual([]);
    expect((await scim(b, "GET", `/Users/${userB}`)).status).toBe(200);
  });

  it("B's token on A's endpoint is rejected without confirming A's user exists", async () => {
    const response = await scim(a, "GET", `/Users/${userA}`, { token: b.token });
    expectRejected(response, [401, 403, 404]);
  });

  it("a well-formed but unknown directory id is rejected", async () => {
    const unknown = { ...a, scimBase: a.scimBase.replace(a.id, `${a.id}x`) };
    const response = await scim(unknown, "GET", "/Users");
    expect(expectScim(response, { status: [401, 403, 404], scimError: true })).toEqual([]);
    expectNoLeak(response, [secret, userA, groupA]);
  });
});

it("A's directory is unchanged after everything B tried", async () => {
  expect(await snapshotDirectory(server.api.db.db, a.id)).toEqual(before);
});
