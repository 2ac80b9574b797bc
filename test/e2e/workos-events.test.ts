import { eventually } from "@dsync/testing";
import type { Event, WorkOS } from "@workos-inc/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, createUser, patchBody, scim } from "../support/scim";
import { startTestServer, type TestDirectory, type TestServer } from "../support/server";
import { workosClient } from "../support/workos";

// The official WorkOS Node SDK (v11) reads dsync's Events API as it reads WorkOS's: the filter
// it serializes (`events=a,b`), the cursor it follows (`list_metadata.after`), the payloads it
// deserializes into typed events.

const USERS = 12;

let server: TestServer;
let workos: WorkOS;
let directory: TestDirectory;
let userIds: string[];
let group: string;

beforeAll(async () => {
  server = await startTestServer();
  workos = workosClient(server);
  directory = await server.createScimDirectory("okta scim v2.0");
  userIds = [];
  for (let i = 0; i < USERS; i++) userIds.push(await createUser(directory, `user${i}@acme.test`));
  group = await createGroup(directory, "Admins", userIds.slice(0, 3));
  const patched = await scim(directory, "PATCH", `/Users/${userIds[4]}`, {
    body: patchBody({ op: "replace", path: "name.givenName", value: "Renamed" }),
  });
  expect(patched.status, patched.bodyText).toBe(200);
  // Another organization's events must not show up under the first one's filter.
  const other = await server.createScimDirectory("azure scim v2.0");
  await createUser(other, "stranger@other.test");
  // Events become readable once every older transaction in the cluster has ended (another test
  // file's may still be open): wait for all 18 of the first organization.
  await eventually(async () => {
    const page = await workos.events.listEvents({
      events: [
        "dsync.activated",
        "dsync.user.created",
        "dsync.user.updated",
        "dsync.group.created",
        "dsync.group.user_added",
      ],
      organizationId: directory.organizationId,
      limit: 100,
    });
    expect(page.data).toHaveLength(USERS + 6);
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

/** Follows `listMetadata.after` until a page comes back empty, as a WorkOS events consumer does. */
async function readAll(options: Parameters<WorkOS["events"]["listEvents"]>[0]): Promise<Event[]> {
  const seen: Event[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await workos.events.listEvents({ ...options, ...(after ? { after } : {}) });
    if (page.data.length === 0) {
      expect(page.listMetadata.after).toBeNull();
      return seen;
    }
    seen.push(...page.data);
    after = page.listMetadata.after ?? undefined;
    expect(after).toBe(page.data[page.data.length - 1]!.id);
  }
  throw new Error("the cursor never reached the end");
}

describe("@workos-inc/node events.listEvents against dsync", () => {
  it("follows the cursor to the end, in order, with typed payloads", async () => {
    const events = await readAll({
      events: [
        "dsync.user.created",
        "dsync.user.updated",
        "dsync.group.created",
        "dsync.group.user_added",
      ],
      organizationId: directory.organizationId,
      limit: 5,
    });
    expect(events.map((e) => e.event)).toEqual([
      ...Array(USERS).fill("dsync.user.created"),
      "dsync.group.created",
      "dsync.group.user_added",
      "dsync.group.user_added",
      "dsync.group.user_added",
      "dsync.user.updated",
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    const created = events.filter((e) => e.event === "dsync.user.created");
    expect(created.map((e) => e.data.id)).toEqual(userIds);
    expect(created[0]).toMatchObject({
      id: expect.stringMatching(/^event_/),
      createdAt: expect.any(String),
      data: {
        object: "directory_user",
        directoryId: directory.id,
        organizationId: directory.organizationId,
        email: "user0@acme.test",
        state: "active",
      },
    });

    const added = events.filter((e) => e.event === "dsync.group.user_added");
    for (const event of added) {
      if (event.event !== "dsync.group.user_added") continue;
      expect(event.data.directoryId).toBe(directory.id);
      expect(event.data.group).toMatchObject({ id: group, name: "Admins" });
    }
    expect(added.map((e) => (e.data as { user: { id: string } }).user.id).sort()).toEqual(
      userIds.slice(0, 3).sort(),
    );

    const updated = events[events.length - 1]!;
    if (updated.event !== "dsync.user.updated") throw new Error("expected dsync.user.updated");
    expect(updated.data).toMatchObject({ id: userIds[4], firstName: "Renamed" });
    expect(updated.data.previousAttributes).toMatchObject({ first_name: "Test" });
  });

  it("filters by event name and time range through the SDK's own parameters", async () => {
    const all = await readAll({
      events: ["dsync.user.created"],
      organizationId: directory.organizationId,
      limit: 100,
    });
    const from = all[6]!.createdAt;
    const later = await readAll({
      events: ["dsync.user.created"],
      organizationId: directory.organizationId,
      rangeStart: from,
    });
    expect(later.map((e) => e.id)).toEqual(all.slice(6).map((e) => e.id));
    const none = await workos.events.listEvents({ events: ["dsync.deleted"] });
    expect(none.data).toEqual([]);
  });

  it("rejects a missing filter with 422 and an unknown cursor with 400", async () => {
    await expect(workos.events.listEvents({ events: [] })).rejects.toMatchObject({ status: 422 });
    await expect(
      workos.events.listEvents({ events: ["dsync.user.created"], after: "event_nope" }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("Unknown cursor") });
  });
});
