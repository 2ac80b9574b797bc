import { DomainDataState, type WorkOS } from "@workos-inc/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, createUser, scim, USER_SCHEMA } from "../support/scim";
import { startTestServer, type TestDirectory, type TestServer } from "../support/server";
import { workosClient } from "../support/workos";

// The official WorkOS Node SDK (v11), pointed at dsync, reads directories, users and groups
// exactly as it reads them from WorkOS: this is the drop-in promise of design.md §7.

const BULK_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const USERS = 1_100;

let server: TestServer;
let workos: WorkOS;
let directory: TestDirectory;
let userIds: string[];
let admins: string;
let everyone: string;

/** Creates `count` users through SCIM Bulk (one request per 500) and returns their ids. */
async function bulkUsers(dir: TestDirectory, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const n = Math.min(500, count - start);
    const response = await scim(dir, "POST", "/Bulk", {
      body: {
        schemas: [BULK_SCHEMA],
        Operations: Array.from({ length: n }, (_, i) => ({
          method: "POST",
          path: "/Users",
          bulkId: `u${start + i}`,
          data: {
            schemas: [USER_SCHEMA],
            userName: `user${start + i}@acme.test`,
            name: { givenName: `First${start + i}`, familyName: "Last" },
            emails: [{ value: `user${start + i}@acme.test`, primary: true, type: "work" }],
            active: true,
          },
        })),
      },
    });
    expect(response.status, response.bodyText.slice(0, 500)).toBe(200);
    const operations = (response.json as { Operations: { status: string; location: string }[] })
      .Operations;
    for (const op of operations) {
      expect(op.status).toBe("201");
      ids.push(op.location.split("/").pop()!);
    }
  }
  return ids;
}

beforeAll(async () => {
  server = await startTestServer();
  workos = workosClient(server);
  directory = await server.createScimDirectory("okta scim v2.0");
  userIds = await bulkUsers(directory, USERS);
  admins = await createGroup(directory, "Admins", userIds.slice(0, 2));
  everyone = await createGroup(directory, "Everyone", userIds.slice(0, 150));
  // A second organization's directory must never show up in the first one's lists.
  const other = await server.createScimDirectory("azure scim v2.0");
  await createUser(other, "stranger@other.test");
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("@workos-inc/node against dsync", () => {
  it("lists and gets directories", async () => {
    const list = await workos.directorySync.listDirectories({
      organizationId: directory.organizationId,
    });
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      object: "directory",
      id: directory.id,
      organizationId: directory.organizationId,
      name: "test directory",
      type: "okta scim v2.0",
      // The SDK maps WorkOS's `linked` to `active`.
      state: "active",
    });
    const one = await workos.directorySync.getDirectory(directory.id);
    expect(one).toMatchObject({ id: directory.id, state: "active" });
  });

  it("auto-paginates over 1,100 users without skip or repeat", async () => {
    const page = await workos.directorySync.listUsers({ directory: directory.id });
    expect(page.data).toHaveLength(10);
    const all = await page.autoPagination();
    expect(all).toHaveLength(USERS);
    expect(all.map((u) => u.id)).toEqual([...userIds].sort().reverse());
    const first = all.find((u) => u.id === userIds[0])!;
    expect(first).toMatchObject({
      object: "directory_user",
      directoryId: directory.id,
      organizationId: directory.organizationId,
      firstName: "First0",
      lastName: "Last",
      email: "user0@acme.test",
      state: "active",
    });
    expect(first.groups.map((g) => g.name).sort()).toEqual(["Admins", "Everyone"]);
  }, 60_000);

  it("gets a user with its groups", async () => {
    const user = await workos.directorySync.getUser(userIds[1]!);
    expect(user).toMatchObject({ id: userIds[1], email: "user1@acme.test", firstName: "First1" });
    expect(user.groups.map((g) => g.id).sort()).toEqual([admins, everyone].sort());
    const loner = await workos.directorySync.getUser(userIds[500]!);
    expect(loner.groups).toEqual([]);
  });

  it("lists a group's members, a directory's groups and a user's groups", async () => {
    const members = await (
      await workos.directorySync.listUsers({ group: everyone })
    ).autoPagination();
    expect(members.map((u) => u.id).sort()).toEqual(userIds.slice(0, 150).sort());

    const groups = await workos.directorySync.listGroups({ directory: directory.id });
    expect(groups.data.map((g) => g.name)).toEqual(["Everyone", "Admins"]);
    expect(groups.data[0]).toMatchObject({
      id: everyone,
      directoryId: directory.id,
      organizationId: directory.organizationId,
    });
    const ofUser = await workos.directorySync.listGroups({ user: userIds[0]! });
    expect(ofUser.data.map((g) => g.id).sort()).toEqual([admins, everyone].sort());
    const group = await workos.directorySync.getGroup(admins);
    expect(group).toMatchObject({ id: admins, name: "Admins", directoryId: directory.id });
  }, 30_000);
  it("creates and reads organizations, and deletes a directory with its users", async () => {
    const org = await workos.organizations.createOrganization({
      name: "Initech",
      domainData: [{ domain: "initech.test", state: DomainDataState.Verified }],
    });
    expect(org.id).toMatch(/^org_/);
    expect(org.name).toBe("Initech");
    const fetched = await workos.organizations.getOrganization(org.id);
    expect(fetched.name).toBe("Initech");
    expect(fetched.domains.map((d) => d.domain)).toEqual(["initech.test"]);

    const doomed = await server.createDirectory({ organizationId: org.id, name: "Doomed" });
    const doomedUser = await createUser(doomed, "gone@initech.test");
    await workos.directorySync.deleteDirectory(doomed.id);
    await expect(workos.directorySync.getDirectory(doomed.id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(workos.directorySync.getUser(doomedUser)).rejects.toMatchObject({ status: 404 });
  });
});
