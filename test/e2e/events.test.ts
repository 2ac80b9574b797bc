import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGroup,
  createUser,
  eventsOf,
  GROUP_SCHEMA,
  patchBody,
  scim,
  userBody,
} from "../support/scim";
import { startTestServer, type TestDirectory, type TestServer } from "../support/server";

// design.md §4-5: events are appended in the same transaction as the change; a no-op write
// emits nothing; a real change emits exactly one dsync.user.updated with previous_attributes.
// Read straight from the `events` table (the outbox), in commit order.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

/**
 * The directory's events without `dsync.activated`, which the first SCIM request of a new
 * directory emits (design.md §5) and which is not what these tests are about; it must
 * appear at most once, first.
 */
async function resourceEvents(directory: TestDirectory) {
  const events = await eventsOf(server.api.db.db, directory.id);
  const activated = events.flatMap((e, i) => (e.event === "dsync.activated" ? [i] : []));
  const names = JSON.stringify(events.map((e) => e.event));
  expect(activated, names).toEqual(activated.length > 0 ? [0] : []);
  return events.filter((e) => e.event !== "dsync.activated");
}

async function eventNames(directory: TestDirectory): Promise<string[]> {
  return (await resourceEvents(directory)).map((e) => e.event);
}

async function ok(promise: ReturnType<typeof scim>, statuses = [200, 204]) {
  const response = await promise;
  expect(statuses, `${response.status} ${response.bodyText.slice(0, 500)}`).toContain(
    response.status,
  );
  return response;
}

describe("user events", () => {
  it("create, PATCH, no-op PATCH, delete → created, updated (with previous_attributes), deleted", async () => {
    const directory = await server.createScimDirectory();
    const id = await createUser(directory, "events.user@example.com", {
      name: { givenName: "Alice", familyName: "Before" },
    });
    await ok(
      scim(directory, "PATCH", `/Users/${id}`, {
        body: patchBody({ op: "replace", path: "name.givenName", value: "Alicia" }),
      }),
    );
    // The same value again, and a string boolean equal to the stored one: no change.
    await ok(
      scim(directory, "PATCH", `/Users/${id}`, {
        body: patchBody(
          { op: "replace", path: "name.givenName", value: "Alicia" },
          { op: "Replace", path: "active", value: "True" },
        ),
      }),
    );
    await ok(scim(directory, "DELETE", `/Users/${id}`), [204]);

    const events = await resourceEvents(directory);
    expect(events.map((e) => e.event)).toEqual([
      "dsync.user.created",
      "dsync.user.updated",
      "dsync.user.deleted",
    ]);
    const updated = events[1]!.data;
    expect(updated.id ?? (updated as { data?: { id?: string } }).data?.id).toBe(id);
    const previous = updated.previous_attributes;
    expect(previous, JSON.stringify(updated)).toBeTypeOf("object");
    expect(previous).not.toBeNull();
    // The old value is kept (wherever the normalized shape nests it), the new one is not.
    expect(JSON.stringify(previous)).toContain("Alice");
    expect(JSON.stringify(previous)).not.toContain("Alicia");
    expect(JSON.stringify(updated)).toContain("Alicia");
  });

  it("a PUT with identical content emits nothing", async () => {
    const directory = await server.createScimDirectory();
    const body = userBody("events.put@example.com", { externalId: "put-ext", title: "Same" });
    const created = await scim(directory, "POST", "/Users", { body });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    await ok(scim(directory, "PUT", `/Users/${id}`, { body }), [200]);
    expect(await eventNames(directory)).toEqual(["dsync.user.created"]);
  });
});

describe("group membership events", () => {
  it("re-adding an existing member, removing a non-member and an equal replace emit nothing", async () => {
    const directory = await server.createScimDirectory();
    const member = await createUser(directory, "member@example.com");
    const outsider = await createUser(directory, "outsider@example.com");
    const groupId = await createGroup(directory, "Evented");
    await ok(
      scim(directory, "PATCH", `/Groups/${groupId}`, {
        body: patchBody({ op: "add", path: "members", value: [{ value: member }] }),
      }),
    );
    const baseline = await eventNames(directory);
    expect(baseline.filter((e) => e === "dsync.group.user_added")).toHaveLength(1);

    await ok(
      scim(directory, "PATCH", `/Groups/${groupId}`, {
        body: patchBody({ op: "add", path: "members", value: [{ value: member }] }),
      }),
    );
    await ok(
      scim(directory, "PATCH", `/Groups/${groupId}`, {
        body: patchBody({ op: "Add", path: "members", value: [{ value: member, display: "x" }] }),
      }),
    );
    await ok(
      scim(directory, "PATCH", `/Groups/${groupId}`, {
        body: patchBody({ op: "remove", path: `members[value eq "${outsider}"]` }),
      }),
      [200, 204, 400],
    );
    await ok(
      scim(directory, "PATCH", `/Groups/${groupId}`, {
        body: patchBody({ op: "replace", path: "members", value: [{ value: member }] }),
      }),
    );
    await ok(
      scim(directory, "PUT", `/Groups/${groupId}`, {
        body: { schemas: [GROUP_SCHEMA], displayName: "Evented", members: [{ value: member }] },
      }),
      [200],
    );
    expect(await eventNames(directory)).toEqual(baseline);
  });

  it("a removal emits exactly one user_removed", async () => {
    const directory = await server.createScimDirectory();
    const member = await createUser(directory, "leaver@example.com");
    const groupId = await createGroup(directory, "Leaving", [member]);
    const before = await eventNames(directory);
    await ok(
      scim(directory, "PATCH", `/Groups/${groupId}`, {
        body: patchBody({ op: "remove", path: "members", value: [{ value: member }] }),
      }),
    );
    expect(await eventNames(directory)).toEqual([...before, "dsync.group.user_removed"]);
  });
});
