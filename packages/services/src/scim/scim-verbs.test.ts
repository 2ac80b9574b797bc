import { executeRows, schema } from "@dsync/db";
import { ScimError } from "@dsync/scim";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ScimContext } from "./context";
import { createScimGroup } from "./groups/create";
import { getScimGroup } from "./groups/get";
import { patchScimGroup } from "./groups/patch";
import { replaceScimGroup } from "./groups/replace";
import { createScimUser } from "./users/create";
import { deleteScimUser } from "./users/delete";
import { patchScimUser } from "./users/patch";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

let database: TestDatabase;
let ctx: ScimContext;
let counter = 0;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 20 });
});
afterAll(async () => {
  await database.drop();
});

// Every test gets its own directory, so no test depends on another's rows.
beforeEach(async () => {
  counter++;
  const orgId = `org_test${counter}`;
  const directoryId = `directory_test${counter}`;
  await database.db.insert(schema.organizations).values({ id: orgId, name: "Test" });
  await database.db.insert(schema.directories).values({
    id: directoryId,
    organizationId: orgId,
    name: "Dir",
    type: "generic scim v2.0",
    state: "linked",
  });
  ctx = {
    db: database.db,
    directory: {
      id: directoryId,
      organizationId: orgId,
      type: "generic scim v2.0",
      state: "linked",
      name: "Dir",
    },
    baseUrl: `http://localhost/scim/v2/${directoryId}`,
  };
});

async function eventsOf(
  directoryId: string,
): Promise<{ event: string; data: Record<string, unknown> }[]> {
  return executeRows(
    database.db,
    sql`select event, data from events where directory_id = ${directoryId} order by txid, seq`,
  );
}

function user(name: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName: name,
    name: { givenName: "Ada", familyName: "Lovelace" },
    ...extra,
  };
}

async function expectScimError(promise: Promise<unknown>, status: number, scimType?: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScimError);
  expect((error as ScimError).status).toBe(status);
  if (scimType) expect((error as ScimError).scimType).toBe(scimType);
}

describe("users", () => {
  it("emits created, then one updated with previous_attributes, nothing for a no-op, then deleted", async () => {
    const created = await createScimUser(ctx, user("ada@example.com", { title: "Engineer" }));
    const id = created.resource.id as string;
    const replaceTitle = {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: "title", value: "Manager" }],
    };
    await patchScimUser(ctx, id, replaceTitle);
    await patchScimUser(ctx, id, replaceTitle);
    await deleteScimUser(ctx, id);

    const events = await eventsOf(ctx.directory.id);
    expect(events.map((e) => e.event)).toEqual([
      "dsync.user.created",
      "dsync.user.updated",
      "dsync.user.deleted",
    ]);
    const previous = events[1]!.data.previous_attributes as Record<string, Record<string, unknown>>;
    expect(previous.raw_attributes?.title).toBe("Engineer");
    expect(events[1]!.data.raw_attributes).toMatchObject({ title: "Manager" });
  });

  it("never stores or returns a password", async () => {
    const created = await createScimUser(ctx, user("pw@example.com", { password: "hunter2" }));
    expect(JSON.stringify(created.resource)).not.toContain("hunter2");
    const rows = await executeRows<{ raw: string }>(
      database.db,
      sql`select raw_attributes::text as raw from directory_users where directory_id = ${ctx.directory.id}`,
    );
    expect(rows[0]!.raw).not.toContain("hunter2");
  });

  it("gives exactly one success to concurrent creates of one userName, whatever its case", async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        createScimUser(ctx, user(i % 2 ? "Race@Example.com" : "race@example.com")),
      ),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const a of attempts.filter((a) => a.status === "rejected")) {
      expect((a as PromiseRejectedResult).reason).toBeInstanceOf(ScimError);
      expect(((a as PromiseRejectedResult).reason as ScimError).scimType).toBe("uniqueness");
    }
  });

  it("rejects a stale If-Match with 412 and changes nothing", async () => {
    const created = await createScimUser(ctx, user("etag@example.com"));
    const id = created.resource.id as string;
    await patchScimUser(
      ctx,
      id,
      { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "A" }] },
      `W/"${created.version}"`,
    );
    await expectScimError(
      patchScimUser(
        ctx,
        id,
        { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "B" }] },
        `W/"${created.version}"`,
      ),
      412,
    );
    const events = await eventsOf(ctx.directory.id);
    expect(events.map((e) => e.event)).toEqual(["dsync.user.created", "dsync.user.updated"]);
  });

  it("writes nothing when one operation of a PATCH fails", async () => {
    const created = await createScimUser(ctx, user("atomic@example.com", { title: "Keep" }));
    const id = created.resource.id as string;
    await expectScimError(
      patchScimUser(ctx, id, {
        schemas: [PATCH],
        Operations: [
          { op: "replace", path: "title", value: "Lost" },
          { op: "remove", path: 'emails[type eq "pager"]' },
        ],
      }),
      400,
    );
    const events = await eventsOf(ctx.directory.id);
    expect(events).toHaveLength(1);
  });
  it("answers 404, not 500, when the directory is deleted while its authentication is cached", async () => {
    await database.db.delete(schema.directories).where(eq(schema.directories.id, ctx.directory.id));
    await expectScimError(createScimUser(ctx, user("late@example.com")), 404);
  });
});

describe("groups", () => {
  async function users(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        (await createScimUser(ctx, user(`member${i}.${counter}@example.com`))).resource
          .id as string,
      );
    }
    return ids;
  }

  it("loses no member under concurrent PATCHes of one group", async () => {
    const members = await users(30);
    const group = await createScimGroup(ctx, { schemas: [GROUP], displayName: "Busy" });
    const id = group.resource.id as string;
    await Promise.all(
      members.map((m) =>
        patchScimGroup(ctx, id, {
          schemas: [PATCH],
          Operations: [{ op: "add", path: "members", value: [{ value: m }] }],
        }),
      ),
    );
    const stored = await getScimGroup(ctx, id, { includeMembers: true });
    const values = (stored.resource.members as { value: string }[]).map((m) => m.value).sort();
    expect(values).toEqual([...members].sort());
  });

  it("emits user_added once per new member and nothing when a member is added again", async () => {
    const [a] = await users(1);
    const group = await createScimGroup(ctx, { schemas: [GROUP], displayName: "Once" });
    const add = {
      schemas: [PATCH],
      Operations: [{ op: "add", path: "members", value: [{ value: a }] }],
    };
    await patchScimGroup(ctx, group.resource.id as string, add);
    await patchScimGroup(ctx, group.resource.id as string, add);
    const added = (await eventsOf(ctx.directory.id)).filter(
      (e) => e.event === "dsync.group.user_added",
    );
    expect(added).toHaveLength(1);
    expect(added[0]!.data).toMatchObject({
      directory_id: ctx.directory.id,
      user: { id: a },
      group: { id: group.resource.id },
    });
  });

  it("rejects a member that is not a user of this directory and writes nothing", async () => {
    const group = await createScimGroup(ctx, { schemas: [GROUP], displayName: "Strict" });
    await expectScimError(
      patchScimGroup(ctx, group.resource.id as string, {
        schemas: [PATCH],
        Operations: [
          { op: "add", path: "members", value: [{ value: "directory_user_elsewhere" }] },
        ],
      }),
      400,
      "invalidValue",
    );
    const stored = await getScimGroup(ctx, group.resource.id as string, { includeMembers: true });
    expect(stored.resource.members).toEqual([]);
  });

  it("keeps members on a PUT that omits them and replaces them on one that sends them", async () => {
    const [a, b] = await users(2);
    const group = await createScimGroup(ctx, {
      schemas: [GROUP],
      displayName: "Put",
      members: [{ value: a }],
    });
    const id = group.resource.id as string;
    await replaceScimGroup(ctx, id, { schemas: [GROUP], displayName: "Put renamed" });
    let stored = await getScimGroup(ctx, id, { includeMembers: true });
    expect((stored.resource.members as { value: string }[]).map((m) => m.value)).toEqual([a]);
    await replaceScimGroup(ctx, id, {
      schemas: [GROUP],
      displayName: "Put renamed",
      members: [{ value: b }],
    });
    stored = await getScimGroup(ctx, id, { includeMembers: true });
    expect((stored.resource.members as { value: string }[]).map((m) => m.value)).toEqual([b]);
    const kinds = (await eventsOf(ctx.directory.id))
      .map((e) => e.event)
      .filter((e) => e.startsWith("dsync.group"));
    expect(kinds).toEqual([
      "dsync.group.created",
      "dsync.group.user_added",
      "dsync.group.updated",
      "dsync.group.user_removed",
      "dsync.group.user_added",
    ]);
  });

  it("removes a deleted user's memberships with one user_removed per group before user.deleted", async () => {
    const [a] = await users(1);
    await createScimGroup(ctx, { schemas: [GROUP], displayName: "G1", members: [{ value: a }] });
    await createScimGroup(ctx, { schemas: [GROUP], displayName: "G2", members: [{ value: a }] });
    await deleteScimUser(ctx, a!);
    const tail = (await eventsOf(ctx.directory.id)).map((e) => e.event).slice(-3);
    expect(tail).toEqual([
      "dsync.group.user_removed",
      "dsync.group.user_removed",
      "dsync.user.deleted",
    ]);
    const left = await executeRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from directory_group_memberships where user_id = ${a}`,
    );
    expect(left[0]!.n).toBe(0);
  });
});
