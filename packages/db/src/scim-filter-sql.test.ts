import {
  type FilterNode,
  type FilterValue,
  matchesFilter,
  parseAttrPath,
  parseFilter,
  printFilter,
  ScimError,
} from "@dsync/scim";
import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { and, asc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  directories,
  directoryGroupMemberships,
  directoryGroups,
  directoryUsers,
  organizations,
} from "./schema";
import { scimFilterToSql, scimSortToSql } from "./scim-filter-sql";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ACME = "urn:acme:scim:ext:1.0:User";

let database: TestDatabase;
let directorySeq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.insert(organizations).values({ id: "org_filter", name: "Filter Inc" });
});
afterAll(async () => {
  await database.drop();
});

async function newDirectory(): Promise<string> {
  const id = `directory_filter_${directorySeq++}`;
  await database.db.insert(directories).values({
    id,
    organizationId: "org_filter",
    name: id,
    type: "generic scim v2.0",
    state: "linked",
  });
  return id;
}

type Resource = Record<string, unknown>;

interface UserSeed {
  id: string;
  externalId?: string;
  created: Date;
  lastModified: Date;
  /** The stored SCIM resource (raw_attributes), without id/externalId/meta. */
  raw: Resource;
}

/** What the evaluator sees: the stored resource plus the column-backed attributes. */
function resourceOf(seed: UserSeed, kind: "User" | "Group"): Resource {
  return {
    ...seed.raw,
    id: seed.id,
    ...(seed.externalId !== undefined ? { externalId: seed.externalId } : {}),
    meta: {
      resourceType: kind,
      created: seed.created.toISOString(),
      lastModified: seed.lastModified.toISOString(),
    },
  };
}

async function insertUsers(directoryId: string, seeds: UserSeed[]): Promise<void> {
  if (seeds.length === 0) return;
  await database.db.insert(directoryUsers).values(
    seeds.map((s) => ({
      id: s.id,
      directoryId,
      organizationId: "org_filter",
      idpId: s.externalId ?? s.id,
      externalId: s.externalId ?? null,
      username: s.raw.userName as string,
      state: "active",
      customAttributes: {},
      rawAttributes: s.raw,
      createdAt: s.created,
      updatedAt: s.lastModified,
    })),
  );
}

async function sqlUserIds(directoryId: string, node: FilterNode): Promise<string[]> {
  const rows = await database.db
    .select({ id: directoryUsers.id })
    .from(directoryUsers)
    .where(and(eq(directoryUsers.directoryId, directoryId), scimFilterToSql("User", node)));
  return rows.map((r) => r.id).sort();
}

function memoryIds(resources: Resource[], node: FilterNode, kind: "User" | "Group" = "User") {
  return resources
    .filter((r) => matchesFilter(kind, node, r))
    .map((r) => r.id as string)
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Generators: a small vocabulary, so that random filters hit random users.

const WORDS = [
  "engineer",
  "Engineer",
  "ENGINEER",
  "manager",
  "eng",
  "eer",
  "alpha",
  "Alpha",
  "bravo",
  "éclair",
  "Éclair",
  "a",
  "",
  "50%_off\\",
  "%",
  "_",
  "\\",
  "work",
  "Work",
  "home",
  "2",
  "10",
  "x'); drop table directory_users; --",
];
const word = fc.constantFrom(...WORDS);
const NUMBERS = [-1, 0, 1, 2, 2.5, 10, 100];
const number = fc.constantFrom(...NUMBERS);
const INSTANTS = [
  "2020-01-01T00:00:00.000Z",
  "2021-06-15T12:30:00.123Z",
  "2021-06-15T12:30:00.124Z",
  "2024-02-29T23:59:59.999Z",
].map((s) => new Date(s));

/** Sometimes absent, sometimes null, sometimes a value of the wrong type. */
function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined | number | boolean> {
  return fc.oneof(
    { weight: 4, arbitrary: arb },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.oneof(number, fc.boolean()) },
  );
}

function record(entries: Record<string, unknown>): Resource {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

const email = fc
  .record(
    {
      value: maybe(
        fc.constantFrom("a@work.example", "B@Home.example", "é@x.example", "50%_off\\@x"),
      ),
      type: maybe(fc.constantFrom("work", "Work", "home", "other")),
      primary: maybe(fc.boolean()),
      display: maybe(word),
    },
    { requiredKeys: [] },
  )
  .map(record);

const emails = fc.oneof(
  fc.array(fc.oneof({ weight: 5, arbitrary: email }, { weight: 1, arbitrary: word }), {
    maxLength: 3,
  }),
  fc.constantFrom(null, "a@work.example", {}),
);

const userBody = fc.record(
  {
    name: fc
      .record(
        { givenName: maybe(word), familyName: maybe(word), formatted: maybe(word) },
        { requiredKeys: [] },
      )
      .map(record),
    title: maybe(word),
    displayName: maybe(word),
    nickName: maybe(word),
    active: fc.oneof(fc.boolean(), fc.constantFrom(null, "true", "False")),
    emails,
    [ENTERPRISE]: fc
      .record(
        {
          department: maybe(word),
          employeeNumber: maybe(fc.constantFrom("001", "42", "0042")),
          manager: fc
            .record({ value: maybe(word), displayName: maybe(word) }, { requiredKeys: [] })
            .map(record),
        },
        { requiredKeys: [] },
      )
      .map(record),
    // Attributes no schema defines: stored as sent, matched case-insensitively.
    level: maybe(number),
    Level: maybe(fc.oneof(number, word)),
    tags: fc.oneof(fc.array(fc.oneof(word, number), { maxLength: 3 }), word),
    [ACME]: fc
      .record(
        { costCode: maybe(fc.oneof(word, number)), CostCode: maybe(word) },
        {
          requiredKeys: [],
        },
      )
      .map(record),
  },
  { requiredKeys: [] },
);

const users = fc
  .array(
    fc.record({
      userName: fc.constantFrom("alpha", "Bravo", "charlie", "ÉMILE", "eng%_", "delta"),
      domain: fc.constantFrom("@example.com", "@EXAMPLE.org", ""),
      externalId: fc.option(fc.constantFrom("ext", "EXT", "Ext-"), { nil: undefined }),
      created: fc.constantFrom(...INSTANTS),
      lastModified: fc.constantFrom(...INSTANTS),
      body: userBody,
    }),
    { minLength: 30, maxLength: 40 },
  )
  .map((list) =>
    list.map(
      (u, i): UserSeed => ({
        // userName and externalId are unique per directory, so the index is part of both.
        id: `directory_user_${i.toString().padStart(2, "0")}`,
        ...(u.externalId !== undefined ? { externalId: `${u.externalId}${i}` } : {}),
        created: u.created,
        lastModified: u.lastModified,
        raw: JSON.parse(
          JSON.stringify({
            schemas: [CORE_USER],
            userName: `${u.userName}${i}${u.domain}`,
            ...record(u.body as Resource),
          }),
        ),
      }),
    ),
  );

/** Attribute paths (as written by clients: any case, qualified or not) and their values. */
const stringValue = fc.oneof(
  word,
  fc.constantFrom("alpha1", "ALPHA", "@example.com", "ext1", "EXT1", "directory_user_01", "a@work"),
);
const dateValue = fc.constantFrom(
  ...INSTANTS.map((d) => d.toISOString()),
  "2021-06-15T12:30:00.123456Z",
  "2021-06-15T14:30:00.123+02:00",
  "2022-01-01T00:00:00",
);
const anyValue: fc.Arbitrary<FilterValue> = fc.oneof(
  stringValue,
  number,
  fc.boolean(),
  fc.constant(null),
);

const PATHS: [string, fc.Arbitrary<FilterValue>][] = [
  ["userName", stringValue],
  ["USERNAME", stringValue],
  [`${CORE_USER}:userName`, stringValue],
  ["id", stringValue],
  ["externalId", stringValue],
  ["title", stringValue],
  [`${CORE_USER}:title`, stringValue],
  ["displayName", stringValue],
  ["nickName", fc.oneof(stringValue, fc.constant(null))],
  ["active", fc.oneof(fc.boolean(), fc.constant(null))],
  ["name.givenName", stringValue],
  ["NAME.familyname", stringValue],
  ["emails", stringValue],
  ["emails.value", stringValue],
  ["emails.type", stringValue],
  ["emails.primary", fc.boolean()],
  ["emails.display", stringValue],
  ["department", stringValue],
  [`${ENTERPRISE}:department`, stringValue],
  [`${ENTERPRISE}:manager.value`, stringValue],
  ["manager", stringValue],
  ["employeeNumber", stringValue],
  ["level", anyValue],
  ["LEVEL", anyValue],
  ["tags", anyValue],
  [`${ACME}:costcode`, anyValue],
  ["nothing", anyValue],
  ["meta.created", dateValue],
  ["meta.lastModified", dateValue],
  ["meta.resourceType", fc.constantFrom("User", "user", "Group")],
];

const ELEMENT_PATHS: [string, fc.Arbitrary<FilterValue>][] = [
  ["value", stringValue],
  ["type", stringValue],
  ["TYPE", stringValue],
  ["primary", fc.oneof(fc.boolean(), fc.constant(null))],
  ["display", stringValue],
  ["other", anyValue],
];

const OPS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;

function leafArb(paths: [string, fc.Arbitrary<FilterValue>][]): fc.Arbitrary<FilterNode> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .constantFrom(...paths)
        .chain(([path, value]) => fc.tuple(fc.constant(path), fc.constantFrom(...OPS), value))
        .map(([path, op, value]) => parseFilter(`${path} ${op} ${JSON.stringify(value)}`)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...paths).map(([path]) => parseFilter(`${path} pr`)),
    },
  );
}

function filterArb(
  leaf: fc.Arbitrary<FilterNode>,
  valuePath?: fc.Arbitrary<FilterNode>,
): fc.Arbitrary<FilterNode> {
  const { node } = fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      ...(valuePath ? [{ weight: 1, arbitrary: valuePath }] : []),
      {
        weight: 1,
        arbitrary: fc
          .tuple(tie("node"), tie("node"))
          .map(([left, right]): FilterNode => ({ kind: "and", left, right })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(tie("node"), tie("node"))
          .map(([left, right]): FilterNode => ({ kind: "or", left, right })),
      },
      {
        weight: 1,
        arbitrary: tie("node").map((expr): FilterNode => ({ kind: "not", expr })),
      },
    ),
  }));
  return node;
}

const userFilter = filterArb(
  leafArb(PATHS),
  fc
    .tuple(
      fc.constantFrom("emails", "EMAILS", "tags", `${ENTERPRISE}:manager`),
      filterArb(leafArb(ELEMENT_PATHS)),
    )
    .map(
      ([attr, filter]): FilterNode => ({ kind: "valuePath", path: parseAttrPath(attr), filter }),
    ),
);

/** Filters the SQL rejects must be rejected by the evaluator too, with the same error. */
async function compareEngines(
  directoryId: string,
  resources: Resource[],
  node: FilterNode,
): Promise<void> {
  let expected: string[] | ScimError;
  try {
    expected = memoryIds(resources, node);
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    expected = error;
  }
  if (expected instanceof ScimError) {
    expect(() => scimFilterToSql("User", node), printFilter(node)).toThrow(ScimError);
    return;
  }
  const actual = await sqlUserIds(directoryId, node);
  expect(actual, printFilter(node)).toEqual(expected);
}

describe("scimFilterToSql agrees with matchesFilter", () => {
  it("on random users and random filters", async () => {
    let valid = 0;
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(
        users,
        fc.array(userFilter, { minLength: 25, maxLength: 25 }),
        async (generated, filters) => {
          const directoryId = await newDirectory();
          // Primary keys are global: make the generated ids unique per run.
          const seeds = generated.map((s) => ({ ...s, id: `${directoryId}_${s.id}` }));
          await insertUsers(directoryId, seeds);
          const resources = seeds.map((s) => resourceOf(s, "User"));
          for (const node of filters) {
            await compareEngines(directoryId, resources, node);
            try {
              const hits = memoryIds(resources, node).length;
              valid++;
              if (hits > 0 && hits < resources.length) nonEmpty++;
            } catch {}
          }
        },
      ),
      { numRuns: 6 },
    );
    // The vocabulary is small on purpose: most filters must be valid and select something.
    expect(valid).toBeGreaterThan(50);
    expect(nonEmpty).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------------------------------------
// The RFC 7644 §3.4.2.2 operator sequence of the IdP corpus (rfc-filter-operators.json).

describe("every operator of the RFC filter corpus", () => {
  let directoryId: string;
  const run = "r1";
  const seeds: UserSeed[] = [
    {
      id: "directory_user_a",
      externalId: `flt-${run}-alpha`,
      created: INSTANTS[1]!,
      lastModified: INSTANTS[1]!,
      raw: {
        schemas: [CORE_USER],
        userName: `flt-${run}-alpha@example.com`,
        externalId: `flt-${run}-alpha`,
        name: { givenName: "alpha", familyName: "Filter" },
        emails: [
          { value: `alpha.${run}@work.example.org`, type: "work", primary: true },
          { value: `alpha.${run}@home.example.net`, type: "home" },
        ],
        active: true,
        title: "Engineer",
        nickName: "Al",
      },
    },
    {
      id: "directory_user_b",
      externalId: `flt-${run}-bravo`,
      created: INSTANTS[1]!,
      lastModified: INSTANTS[2]!,
      raw: {
        schemas: [CORE_USER],
        userName: `flt-${run}-bravo@example.com`,
        name: { givenName: "bravo", familyName: "Filter" },
        emails: [{ value: `bravo.${run}@work.example.org`, type: "work", primary: true }],
        active: true,
        title: "Manager",
      },
    },
    {
      id: "directory_user_c",
      externalId: `flt-${run}-charlie`,
      created: INSTANTS[2]!,
      lastModified: INSTANTS[3]!,
      raw: {
        schemas: [CORE_USER],
        userName: `flt-${run}-charlie@example.com`,
        name: { givenName: "charlie", familyName: "Filter" },
        emails: [{ value: `charlie.${run}@work.example.org`, type: "work", primary: true }],
        active: false,
        title: "Engineer",
      },
    },
    {
      id: "directory_user_d",
      externalId: `flt-${run}-delta`,
      created: INSTANTS[3]!,
      lastModified: INSTANTS[3]!,
      raw: {
        schemas: [CORE_USER],
        userName: `flt-${run}-delta@example.com`,
        name: { givenName: "delta", familyName: "Filter" },
        emails: [{ value: `delta.${run}@work.example.org`, type: "work", primary: true }],
        active: true,
      },
    },
  ];
  const resources = seeds.map((s) => resourceOf(s, "User"));

  beforeAll(async () => {
    directoryId = await newDirectory();
    await insertUsers(directoryId, seeds);
  });

  const scope = `userName sw "flt-${run}-" and `;
  const cases: [string, string, string[]][] = [
    ["eq", `(title eq "Engineer")`, ["a", "c"]],
    ["eq, case-insensitive userName", `(userName eq "FLT-R1-BRAVO@EXAMPLE.COM")`, ["b"]],
    ["ne", `(name.givenName ne "alpha")`, ["b", "c", "d"]],
    ["co", `(userName co "-char")`, ["c"]],
    ["sw", `(name.givenName sw "br")`, ["b"]],
    ["ew", `(userName ew "lta@example.com")`, ["d"]],
    ["pr", `(title pr)`, ["a", "b", "c"]],
    ["not pr", `(not (title pr))`, ["d"]],
    ["gt", `(userName gt "flt-${run}-bravo@example.com")`, ["c", "d"]],
    ["ge", `(userName ge "flt-${run}-bravo@example.com")`, ["b", "c", "d"]],
    ["lt", `(userName lt "flt-${run}-bravo@example.com")`, ["a"]],
    ["le", `(userName le "flt-${run}-bravo@example.com")`, ["a", "b"]],
    ["boolean eq", `(active eq false)`, ["c"]],
    ["or with grouping", `(title eq "Manager" or nickName eq "Al")`, ["a", "b"]],
    ["and + not", `(title eq "Engineer" and not (active eq false))`, ["a"]],
    ["value path with and", `(emails[type eq "home" and value co "home.example.net"])`, ["a"]],
    ["sub-attribute of multi-valued", `(emails.value ew "@home.example.net")`, ["a"]],
    ["case-insensitive names and operators", `(TITLE EQ "Manager")`, ["b"]],
    ["fully qualified name", `(${CORE_USER}:title eq "Manager")`, ["b"]],
    ["meta.lastModified gt", `(meta.lastModified gt "2011-05-13T04:42:34Z")`, ["a", "b", "c", "d"]],
    [
      "nested grouping",
      `((title eq "Engineer" and active eq true) or (title eq "Manager" and active eq true))`,
      ["a", "b"],
    ],
  ];
  for (const [name, filter, expected] of cases) {
    it(name, async () => {
      const node = parseFilter(scope + filter);
      const ids = expected.map((x) => `directory_user_${x}`);
      expect(await sqlUserIds(directoryId, node)).toEqual(ids);
      expect(memoryIds(resources, node)).toEqual(ids);
    });
  }

  it.each([
    ["unknown operator", 'userName zz "x"'],
    ["unbalanced parenthesis", '(userName eq "x"'],
    ["unquoted string", "userName eq bjensen"],
  ])("rejects %s with 400 invalidFilter", (_, filter) => {
    expect(() => parseFilter(filter)).toThrow(
      expect.objectContaining({ status: 400, scimType: "invalidFilter" }),
    );
  });
});

describe("SQL details", () => {
  let directoryId: string;
  const seeds: UserSeed[] = ["50%_off\\", "50 percent off", "5000_x", "a\\b"].map((title, i) => ({
    id: `directory_user_${i}`,
    created: INSTANTS[0]!,
    lastModified: INSTANTS[i]!,
    raw: {
      userName: `user${i}@example.com`,
      title,
      emails: [
        { value: `z${i}@example.com`, type: "home" },
        { value: `p${i}@example.com`, type: "work", primary: i % 2 === 0 },
      ],
    },
  }));

  beforeAll(async () => {
    directoryId = await newDirectory();
    await insertUsers(directoryId, seeds);
  });

  it("escapes LIKE metacharacters and binds values as parameters", async () => {
    const query = (f: string) => sqlUserIds(directoryId, parseFilter(f));
    expect(await query('title co "%"')).toEqual(["directory_user_0"]);
    expect(await query('title sw "50%"')).toEqual(["directory_user_0"]);
    expect(await query('title co "_"')).toEqual(["directory_user_0", "directory_user_2"]);
    expect(await query('title ew "\\\\"')).toEqual(["directory_user_0"]);
    expect(await query('title co "a\\\\b"')).toEqual(["directory_user_3"]);
    expect(await query(`title eq "'; drop table directory_users; --"`)).toEqual([]);
    const fragment = database.db
      .select()
      .from(directoryUsers)
      .where(scimFilterToSql("User", parseFilter(`title eq "o'clock" and x.y co "%"`)))
      .toSQL();
    expect(fragment.sql).not.toContain("o'clock");
    expect(fragment.params).toContain("o'clock");
  });

  it("uses the lower(username) indexes for userName eq and sw", async () => {
    for (const filter of ['userName eq "USER1@example.com"', 'userName sw "user1"']) {
      const where = and(
        eq(directoryUsers.directoryId, directoryId),
        scimFilterToSql("User", parseFilter(filter)),
      );
      const query = database.db.select({ id: directoryUsers.id }).from(directoryUsers).where(where);
      const { sql: text, params } = query.toSQL();
      const inlined = params.reduce<string>(
        (acc, p, i) => acc.replaceAll(`$${i + 1}`, `'${String(p).replaceAll("'", "''")}'`),
        text,
      );
      // With four rows every index costs the same: add a directory's worth of users (rolled
      // back with the transaction) so the planner chooses as it would in production.
      let plan: unknown;
      await database.db
        .transaction(async (tx) => {
          await tx.execute(sql`insert into directory_users (id, directory_id, organization_id, idp_id, username, state, custom_attributes, raw_attributes)
            select 'bulk_' || n, ${directoryId}, 'org_filter', 'bulk_' || n, 'bulk' || n || '@example.com', 'active', '{}', '{}'
            from generate_series(1, 5000) as n`);
          await tx.execute(sql`analyze directory_users`);
          plan = await tx.execute(sql.raw(`explain ${inlined}`));
          tx.rollback();
        })
        .catch(() => {});
      expect(JSON.stringify(plan), filter).toMatch(/directory_users_username_(key|pattern_idx)/);
    }
  });

  it("sorts by columns, JSON attributes and the primary value of multi-valued attributes", async () => {
    const ids = async (path: string) => {
      const rows = await database.db
        .select({ id: directoryUsers.id })
        .from(directoryUsers)
        .where(eq(directoryUsers.directoryId, directoryId))
        .orderBy(asc(scimSortToSql("User", parseAttrPath(path))), asc(directoryUsers.id));
      return rows.map((r) => r.id.slice(-1)).join("");
    };
    expect(await ids("userName")).toBe("0123");
    expect(await ids("meta.lastModified")).toBe("0123");
    expect(await ids("title")).toBe("1023");
    // Users 0 and 2 have a primary work address (p…), 1 and 3 sort by their first (z…).
    expect(await ids("emails")).toBe("0213");
    expect(await ids("nothing")).toBe("0123");
  });
});

describe("memberships", () => {
  it("filters Group members and User groups through the membership table", async () => {
    const directoryId = await newDirectory();
    const seeds: UserSeed[] = [0, 1, 2].map((i) => ({
      id: `directory_user_m${i}`,
      created: INSTANTS[0]!,
      lastModified: INSTANTS[0]!,
      raw: { userName: `member${i}` },
    }));
    await insertUsers(directoryId, seeds);
    const groups = [
      {
        id: "directory_group_A",
        name: "Engineering",
        members: ["directory_user_m0", "directory_user_m1"],
      },
      { id: "directory_group_B", name: "Sales", members: ["directory_user_m1"] },
      { id: "directory_group_C", name: "Empty", members: [] },
    ];
    for (const g of groups) {
      await database.db.insert(directoryGroups).values({
        id: g.id,
        directoryId,
        organizationId: "org_filter",
        idpId: g.id,
        name: g.name,
        rawAttributes: { displayName: g.name },
      });
      for (const userId of g.members) {
        await database.db
          .insert(directoryGroupMemberships)
          .values({ groupId: g.id, userId, directoryId });
      }
    }
    const groupResources = groups.map((g) => ({
      ...resourceOf(
        {
          id: g.id,
          created: INSTANTS[0]!,
          lastModified: INSTANTS[0]!,
          raw: { displayName: g.name },
        },
        "Group",
      ),
      members: g.members.map((value) => ({ value })),
    }));
    const userResources = seeds.map((s) => ({
      ...resourceOf(s, "User"),
      groups: groups.filter((g) => g.members.includes(s.id)).map((g) => ({ value: g.id })),
    }));

    for (const filter of [
      'members[value eq "directory_user_m0"]',
      'members eq "directory_user_m1"',
      'members.value ne "directory_user_m1"',
      "members pr",
      "not (members pr)",
      'members[value sw "directory_user" and not (value ew "m0")] and displayName co "E"',
      'displayName eq "sales" or members.value eq "directory_user_m0"',
    ]) {
      const node = parseFilter(filter);
      const rows = await database.db
        .select({ id: directoryGroups.id })
        .from(directoryGroups)
        .where(and(eq(directoryGroups.directoryId, directoryId), scimFilterToSql("Group", node)));
      expect(rows.map((r) => r.id).sort(), filter).toEqual(
        memoryIds(groupResources, node, "Group"),
      );
    }
    for (const filter of [
      'groups.value eq "directory_group_b"',
      'groups[value eq "directory_group_A"]',
      "not (groups pr)",
    ]) {
      const node = parseFilter(filter);
      expect(await sqlUserIds(directoryId, node), filter).toEqual(memoryIds(userResources, node));
    }
    expect(() => scimFilterToSql("Group", parseFilter('members[display eq "x"]'))).toThrow(
      ScimError,
    );
  });
});
