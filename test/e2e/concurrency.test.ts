import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGroup,
  createUser,
  eventsOf,
  expectScim,
  patchBody,
  scim,
  userBody,
} from "../support/scim";
import { startTestServer, type TestServer } from "../support/server";

// design.md §4 "Concurrency": concurrent PATCHes of one group lose no member; concurrent
// creates of one user give one 201 and 409 `uniqueness` for the rest, never a 500 or a
// duplicate. IdPs do this for real: Okta pushes group memberships in parallel workers.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

async function createUsers(directory: Parameters<typeof createUser>[0], prefix: string, n: number) {
  const ids: string[] = [];
  // Sequential: this part is setup, not the race under test.
  for (let i = 0; i < n; i++) ids.push(await createUser(directory, `${prefix}-${i}@example.com`));
  return ids;
}

function memberIds(group: unknown): string[] {
  const members = (group as { members?: { value: string }[] }).members ?? [];
  return members.map((m) => m.value).sort();
}

describe("concurrent group PATCHes", () => {
  it("50 parallel PATCHes, each adding a different member, lose none", async () => {
    const directory = await server.createScimDirectory();
    const users = await createUsers(directory, "add", 50);
    const groupId = await createGroup(directory, "Parallel adds");

    const responses = await Promise.all(
      users.map((userId) =>
        scim(directory, "PATCH", `/Groups/${groupId}`, {
          body: patchBody({ op: "add", path: "members", value: [{ value: userId }] }),
        }),
      ),
    );
    const unexpected = responses.filter((r) => r.status !== 200 && r.status !== 204);
    expect(unexpected.map((r) => `${r.status} ${r.bodyText.slice(0, 300)}`)).toEqual([]);

    const group = await scim(directory, "GET", `/Groups/${groupId}`);
    expect(group.status).toBe(200);
    expect(memberIds(group.json)).toEqual([...users].sort());

    // One user_added event per member, no more (no lost or doubled fan-out).
    const added = (await eventsOf(server.api.db.db, directory.id)).filter(
      (e) => e.event === "dsync.group.user_added",
    );
    expect(added).toHaveLength(50);
  });

  it("parallel adds and removes of different members all apply", async () => {
    const directory = await server.createScimDirectory();
    const initial = await createUsers(directory, "stay-or-go", 20);
    const newcomers = await createUsers(directory, "newcomer", 20);
    const groupId = await createGroup(directory, "Parallel churn", initial);
    const [leaving, staying] = [initial.slice(0, 10), initial.slice(10)];

    const responses = await Promise.all([
      ...leaving.map((userId) =>
        scim(directory, "PATCH", `/Groups/${groupId}`, {
          body: patchBody({ op: "remove", path: `members[value eq "${userId}"]` }),
        }),
      ),
      ...newcomers.map((userId) =>
        scim(directory, "PATCH", `/Groups/${groupId}`, {
          body: patchBody({ op: "add", path: "members", value: [{ value: userId }] }),
        }),
      ),
    ]);
    expect(
      responses.filter((r) => r.status !== 200 && r.status !== 204).map((r) => r.bodyText),
    ).toEqual([]);
    const group = await scim(directory, "GET", `/Groups/${groupId}`);
    expect(memberIds(group.json)).toEqual([...staying, ...newcomers].sort());
  });
});

describe("concurrent creates of one user", () => {
  async function race(userNames: string[]) {
    const directory = await server.createScimDirectory();
    const responses = await Promise.all(
      userNames.map((userName, i) =>
        scim(directory, "POST", "/Users", {
          // Distinct externalIds: only the userName collides.
          body: userBody(userName, { externalId: `ext-${i}-${userName}` }),
        }),
      ),
    );
    return { directory, responses };
  }

  function expectOneWinner(responses: Awaited<ReturnType<typeof race>>["responses"]) {
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(responses.length - 1);
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(expectScim(loser, { scimError: { status: "409", scimType: "uniqueness" } })).toEqual(
        [],
      );
    }
  }

  it("20 parallel POSTs of one userName: one 201, nineteen 409 uniqueness, one row", async () => {
    const userName = `race.${Date.now()}@example.com`;
    const { directory, responses } = await race(Array.from({ length: 20 }, () => userName));
    expectOneWinner(responses);

    const list = await scim(directory, "GET", "/Users", {
      query: { filter: `userName eq "${userName}"` },
    });
    expect(expectScim(list, { status: 200, listResponse: { totalResults: 1 } })).toEqual([]);
    const created = (await eventsOf(server.api.db.db, directory.id)).filter(
      (e) => e.event === "dsync.user.created",
    );
    expect(created).toHaveLength(1);
  });

  it("20 parallel POSTs of userNames differing only in case: one 201, nineteen 409", async () => {
    // RFC 7643 §4.1.1: userName is caseExact=false, uniqueness=server.
    const base = `case.race.${Date.now()}@example.com`;
    const variants = new Set<string>();
    for (let mask = 0; variants.size < 20; mask++) {
      variants.add(
        [...base].map((ch, i) => ((mask >> (i % 16)) & 1 ? ch.toUpperCase() : ch)).join(""),
      );
    }
    const { directory, responses } = await race([...variants]);
    expectOneWinner(responses);

    const list = await scim(directory, "GET", "/Users", {
      query: { filter: `userName eq "${base.toUpperCase()}"` },
    });
    expect(expectScim(list, { status: 200, listResponse: { totalResults: 1 } })).toEqual([]);
  });
});
