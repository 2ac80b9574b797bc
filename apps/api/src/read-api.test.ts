import { loadConfig } from "@dsync/config";
import { createLogger } from "@dsync/runtime";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { type Body, type TestDir as Dir, TEST_API_KEY, testClient } from "./test-client";

// The WorkOS-compatible read API (`/directories`, `/directory_users`, `/directory_groups`),
// fed only through the real SCIM endpoints.

const config = loadConfig({
  DSYNC_API_KEY: TEST_API_KEY,
  DSYNC_PUBLIC_URL: "https://dsync.test/",
  LOG_LEVEL: "silent",
});

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const { call, get, newDirectory, scimUser, scimGroup } = testClient(() => app);

async function scimUsers(dir: Dir, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) =>
      scimUser(dir, `${prefix}${i + j}@acme.test`),
    );
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

/** Follows `after` from the first page until null, as the WorkOS SDK's auto-pagination does. */
async function walkForward(
  path: string,
  between: () => Promise<void> = async () => {},
): Promise<string[]> {
  const seen: string[] = [];
  let page = await get(path);
  for (;;) {
    seen.push(...page.data.map((o: Body) => o.id));
    if (!page.list_metadata.after) return seen;
    await between();
    page = await get(`${path}&after=${page.list_metadata.after}`);
  }
}

let dirA: Dir;
let dirB: Dir;
let usersA: string[];
let engineering: string;
let sales: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ config, db: database.db }, { logger: createLogger("silent") });
  dirA = await newDirectory("Acme", "Acme Okta");
  dirB = await newDirectory("Globex", "Globex Entra");
  usersA = await scimUsers(dirA, "a", 250);
  await scimUsers(dirB, "b", 3);
  engineering = await scimGroup(dirA, "Engineering", usersA.slice(0, 3));
  sales = await scimGroup(dirA, "Sales", usersA.slice(2, 4));
  await scimGroup(dirB, "Globex Staff", []);
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

const sortedDesc = (ids: string[]) => [...ids].sort().reverse();

describe("GET /directory_users", () => {
  it("lists a directory's users newest first, WorkOS list shape, default limit 10", async () => {
    const page = await get(`/directory_users?directory=${dirA.id}`);
    expect(page.object).toBe("list");
    expect(page.data).toHaveLength(10);
    expect(page.data.map((u: Body) => u.id)).toEqual(sortedDesc(usersA).slice(0, 10));
    expect(page.list_metadata).toEqual({ before: null, after: page.data[9].id });
    const user = page.data[0];
    expect(user).toMatchObject({
      object: "directory_user",
      directory_id: dirA.id,
      organization_id: dirA.organizationId,
      username: "a249@acme.test",
      email: "a249@acme.test",
      first_name: "Given a249@acme.test",
      last_name: "Family",
      state: "active",
      groups: [],
    });
    expect(user.emails).toEqual([{ value: "a249@acme.test", primary: true, type: "work" }]);
  });

  it("pages forward over 250 users without skip or repeat, then back with before", async () => {
    const forward = await walkForward(`/directory_users?directory=${dirA.id}&limit=100`);
    expect(forward).toEqual(sortedDesc(usersA));

    // From the last page walk back with `before` until it is null.
    const last = await get(`/directory_users?directory=${dirA.id}&limit=100&after=${forward[199]}`);
    expect(last.data).toHaveLength(50);
    expect(last.list_metadata).toEqual({ before: forward[200], after: null });
    const backward: string[][] = [last.data.map((u: Body) => u.id)];
    let cursor: string | null = last.list_metadata.before;
    while (cursor) {
      const page = await get(`/directory_users?directory=${dirA.id}&limit=100&before=${cursor}`);
      backward.unshift(page.data.map((u: Body) => u.id));
      expect(page.list_metadata.after).toBe(page.data[page.data.length - 1].id);
      cursor = page.list_metadata.before;
    }
    expect(backward.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(backward.flat()).toEqual(forward);
  });

  it("pages in ascending order, and `normal` is the default descending order", async () => {
    const asc = await walkForward(`/directory_users?directory=${dirA.id}&limit=100&order=asc`);
    expect(asc).toEqual([...usersA].sort());
    const normal = await get(`/directory_users?directory=${dirA.id}&limit=5&order=normal`);
    expect(normal.data.map((u: Body) => u.id)).toEqual(sortedDesc(usersA).slice(0, 5));
  });

  it("neither skips nor repeats while users are created between pages", async () => {
    const dir = await newDirectory("Initech", "Initech Okta");
    const before = await scimUsers(dir, "i", 120);
    let n = 0;
    const added: string[] = [];
    const insert = async () => {
      added.push(...(await scimUsers(dir, `late${n++}-`, 5)));
    };
    // Ascending: users created during the walk have larger ids and come at the end.
    const asc = await walkForward(
      `/directory_users?directory=${dir.id}&limit=25&order=asc`,
      insert,
    );
    expect(new Set(asc).size).toBe(asc.length);
    expect(asc.slice(0, 120)).toEqual([...before].sort());
    expect(asc.slice(120)).toEqual([...added].sort().slice(0, asc.length - 120));
    // Descending: the walk started at the newest user, so later users are behind the cursor.
    const start = added.length;
    const desc = await walkForward(`/directory_users?directory=${dir.id}&limit=25`, insert);
    const existing = [...before, ...added.slice(0, start)];
    expect(desc).toEqual(sortedDesc(existing));
  });

  it("carries each user's groups, and lists a group's members", async () => {
    // Pages of 100 load every user's groups at once; look the grouped users up in them.
    const byId = new Map<string, Body>();
    let page = await get(`/directory_users?directory=${dirA.id}&limit=100`);
    for (;;) {
      for (const u of page.data) byId.set(u.id, u);
      if (!page.list_metadata.after) break;
      page = await get(
        `/directory_users?directory=${dirA.id}&limit=100&after=${page.list_metadata.after}`,
      );
    }
    expect(byId.size).toBe(250);
    const names = (id: string) => (byId.get(id) as Body).groups.map((g: Body) => g.name).sort();
    expect(names(usersA[0]!)).toEqual(["Engineering"]);
    expect(names(usersA[2]!)).toEqual(["Engineering", "Sales"]);
    expect(names(usersA[4]!)).toEqual([]);
    expect((byId.get(usersA[2]!) as Body).groups[0]).toMatchObject({
      object: "directory_group",
      directory_id: dirA.id,
      organization_id: dirA.organizationId,
    });

    const members = await get(`/directory_users?group=${engineering}&order=asc`);
    expect(members.data.map((u: Body) => u.id)).toEqual(usersA.slice(0, 3).sort());
    expect(members.list_metadata).toEqual({ before: null, after: null });
    const paged = await get(`/directory_users?group=${engineering}&order=asc&limit=2`);
    expect(paged.data).toHaveLength(2);
    const rest = await get(
      `/directory_users?group=${engineering}&order=asc&limit=2&after=${paged.list_metadata.after}`,
    );
    expect(rest.data.map((u: Body) => u.id)).toEqual([usersA.slice(0, 3).sort()[2]]);
  });

  it("loads the groups of a page of 100 users in one query, not one per user", async () => {
    // Count the statements the handler starts: drizzle builds every read from `db.select`.
    let selects = 0;
    const counting = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property === "select") selects++;
        return Reflect.get(target, property, receiver);
      },
    });
    const counted = createApp({ config, db: counting }, { logger: createLogger("silent") });
    const res = await counted.request(`/directory_users?directory=${dirA.id}&limit=100`, {
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Body).data).toHaveLength(100);
    // The directory check, the page of users, and the groups of all 100 users.
    expect(selects).toBe(3);
  });

  it("gets one user with its groups, from any directory", async () => {
    const user = await get(`/directory_users/${usersA[3]}`);
    expect(user).toMatchObject({
      object: "directory_user",
      id: usersA[3],
      username: "a3@acme.test",
    });
    expect(user.groups.map((g: Body) => g.id)).toEqual([sales]);
    const other = await get(`/directory_users?directory=${dirB.id}`);
    expect(other.data).toHaveLength(3);
    const b = await get(`/directory_users/${other.data[0].id}`);
    expect(b.directory_id).toBe(dirB.id);
  });

  it("answers 422 for a missing or double scope and bad paging, 404 for unknown ids", async () => {
    for (const query of [
      "",
      `?directory=${dirA.id}&group=${engineering}`,
      `?directory=${dirA.id}&limit=0`,
      `?directory=${dirA.id}&limit=101`,
      `?directory=${dirA.id}&limit=ten`,
      `?directory=${dirA.id}&order=sideways`,
      `?directory=${dirA.id}&before=x&after=y`,
    ]) {
      const body = await get(`/directory_users${query}`, 422);
      expect(body.code).toBe("VALIDATION");
      expect(body.errors.length).toBeGreaterThan(0);
    }
    expect((await get("/directory_users/directory_user_nope", 404)).code).toBe("NOT_FOUND");
    await get("/directory_users?directory=directory_nope", 404);
    await get("/directory_users?group=directory_group_nope", 404);
  });

  it("requires the API key", async () => {
    for (const path of [
      `/directory_users?directory=${dirA.id}`,
      `/directory_users/${usersA[0]}`,
      `/directory_groups?directory=${dirA.id}`,
      `/directory_groups/${engineering}`,
      "/directories",
    ]) {
      const res = await call(path, {}, "wrong-key-0123456789");
      expect(res.status).toBe(401);
    }
  });
});

describe("GET /directory_groups", () => {
  it("lists a directory's groups and a user's groups", async () => {
    const all = await get(`/directory_groups?directory=${dirA.id}`);
    expect(all.data.map((g: Body) => g.name)).toEqual(["Sales", "Engineering"]);
    expect(all.data[0]).toMatchObject({
      object: "directory_group",
      id: sales,
      directory_id: dirA.id,
      organization_id: dirA.organizationId,
      name: "Sales",
    });
    expect(all.list_metadata).toEqual({ before: null, after: null });
    const first = await get(`/directory_groups?directory=${dirA.id}&limit=1&order=asc`);
    expect(first.data.map((g: Body) => g.id)).toEqual([engineering]);
    expect(first.list_metadata).toEqual({ before: null, after: engineering });
    const second = await get(
      `/directory_groups?directory=${dirA.id}&limit=1&order=asc&after=${engineering}`,
    );
    expect(second.data.map((g: Body) => g.id)).toEqual([sales]);
    expect(second.list_metadata).toEqual({ before: sales, after: null });

    const ofUser = await get(`/directory_groups?user=${usersA[2]}&order=asc`);
    expect(ofUser.data.map((g: Body) => g.id)).toEqual([engineering, sales]);
    expect((await get(`/directory_groups?user=${usersA[9]}`)).data).toEqual([]);
  });

  it("gets one group; 404 and 422 as the users list does", async () => {
    expect(await get(`/directory_groups/${engineering}`)).toMatchObject({
      object: "directory_group",
      id: engineering,
      name: "Engineering",
    });
    await get("/directory_groups/directory_group_nope", 404);
    await get("/directory_groups?user=directory_user_nope", 404);
    await get("/directory_groups", 422);
    await get(`/directory_groups?directory=${dirA.id}&user=${usersA[0]}`, 422);
  });
});

describe("GET /directories", () => {
  it("carries WorkOS metadata counts and WorkOS states", async () => {
    const dir = await newDirectory("Umbrella", "Umbrella Okta");
    const fresh = await get(`/directories/${dir.id}`);
    expect(fresh).toMatchObject({
      object: "directory",
      state: "unlinked",
      metadata: { users: { active: 0, inactive: 0 }, groups: 0 },
    });
    await scimUser(dir, "u1@umbrella.test");
    await scimUser(dir, "u2@umbrella.test", false);
    await scimGroup(dir, "Everyone", []);
    const linked = await get(`/directories/${dir.id}`);
    expect(linked).toMatchObject({
      state: "linked",
      metadata: { users: { active: 1, inactive: 1 }, groups: 1 },
    });
    const a = await get(`/directories/${dirA.id}`);
    expect(a.metadata).toEqual({ users: { active: 250, inactive: 0 }, groups: 2 });
  });

  it("lists by organization and by case-insensitive name search, paged", async () => {
    const byOrg = await get(`/directories?organization_id=${dirA.organizationId}`);
    expect(byOrg.data.map((d: Body) => d.id)).toEqual([dirA.id]);
    expect(byOrg.data[0].metadata.groups).toBe(2);
    const search = await get("/directories?search=ENTRA");
    expect(search.data.map((d: Body) => d.id)).toEqual([dirB.id]);
    // `%` and `_` are literal characters in a search, not patterns.
    expect((await get("/directories?search=%25")).data).toEqual([]);
    const all = await walkForward("/directories?limit=1&order=asc");
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    await get("/directories?limit=0", 422);
  });
});
