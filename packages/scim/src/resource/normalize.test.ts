import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "../schemas/definitions";
import { scimError } from "../test-support";
import { normalizeResource, parseMemberRefs } from "./normalize";

describe("normalizeResource (User)", () => {
  it("normalizes Entra's create body: externalId apart, meta dropped, extension kept", () => {
    const { resource, externalId } = normalizeResource("User", {
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      externalId: "0a21f0f2",
      userName: "Test_User",
      active: true,
      emails: [{ primary: true, type: "work", value: "t@testuser.com" }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "2002", costCenter: "CC-7" },
    });
    expect(externalId).toBe("0a21f0f2");
    expect(resource).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: "Test_User",
      active: true,
      emails: [{ primary: true, type: "work", value: "t@testuser.com" }],
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "2002", costCenter: "CC-7" },
    });
    expect(resource).not.toHaveProperty("externalId");
    expect(resource).not.toHaveProperty("meta");
  });

  it("canonicalizes capitalized names (Entra reference code: Primary, Department, Manager/Value)", () => {
    const { resource } = normalizeResource("User", {
      UserName: "u",
      EMAILS: [
        { Primary: true, type: "work", value: "a@b.c" },
        { Primary: "False", type: "home", value: "h@b.c" },
      ],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {
        Department: "bob",
        Manager: { Value: "SuzzyQ" },
      },
    });
    expect(resource.userName).toBe("u");
    expect(resource.emails).toEqual([
      { primary: true, type: "work", value: "a@b.c" },
      { primary: false, type: "home", value: "h@b.c" },
    ]);
    expect(resource[ENTERPRISE_USER_SCHEMA]).toEqual({
      department: "bob",
      manager: { value: "SuzzyQ" },
    });
    expect(resource.schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  });

  it("coerces string booleans and rejects other strings", () => {
    expect(normalizeResource("User", { userName: "u", active: "False" }).resource.active).toBe(
      false,
    );
    expect(normalizeResource("User", { userName: "u", active: "TRUE" }).resource.active).toBe(true);
    const error = scimError(() => normalizeResource("User", { userName: "u", active: "maybe" }));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidValue");
  });

  it("moves URN-prefixed extension attributes under the URN object", () => {
    const { resource } = normalizeResource("User", {
      userName: "u",
      [`${ENTERPRISE_USER_SCHEMA}:department`]: "R&D",
      [`${ENTERPRISE_USER_SCHEMA}:manager.value`]: "m1",
      [ENTERPRISE_USER_SCHEMA]: { costCenter: "CC1" },
      [`${USER_SCHEMA}:displayName`]: "Core Prefixed",
    });
    expect(resource[ENTERPRISE_USER_SCHEMA]).toEqual({
      department: "R&D",
      manager: { value: "m1" },
      costCenter: "CC1",
    });
    expect(resource.displayName).toBe("Core Prefixed");
    expect(resource.schemas).toContain(ENTERPRISE_USER_SCHEMA);
  });

  it("drops password, id, meta and the read-only groups (Okta create)", () => {
    const { resource, externalId } = normalizeResource("User", {
      schemas: [USER_SCHEMA],
      id: "hijack",
      userName: "test.user@okta.local",
      password: "1mz050nq",
      groups: [],
      externalId: "00ujl29u0le5T6A",
      meta: { created: "x" },
    });
    expect(resource).toEqual({ schemas: [USER_SCHEMA], userName: "test.user@okta.local" });
    expect(externalId).toBe("00ujl29u0le5T6A");
  });

  it("keeps unknown attributes and unknown extensions exactly as sent", () => {
    const custom = "urn:ietf:params:scim:schemas:extension:custom:2.0:User";
    const { resource } = normalizeResource("User", {
      userName: "u",
      favoriteColor: { Shade: "Blue", n: 3 },
      [custom]: { employeeNumber: 99887766, worksiteId: "180" },
    });
    expect(resource.favoriteColor).toEqual({ Shade: "Blue", n: 3 });
    expect(resource[custom]).toEqual({ employeeNumber: 99887766, worksiteId: "180" });
  });

  it("rejects bodies that are not objects with invalidSyntax", () => {
    for (const body of [[1, 2, 3], "x", null, 3]) {
      const error = scimError(() => normalizeResource("User", body));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe("invalidSyntax");
    }
  });

  it("requires a non-empty userName", () => {
    for (const body of [{ name: { givenName: "No" } }, { userName: "" }, { userName: "  " }]) {
      const error = scimError(() => normalizeResource("User", body));
      expect(error.scimType).toBe("invalidValue");
    }
  });

  it("rejects wrong types for known attributes, wraps a single object for a multi-valued one", () => {
    expect(
      scimError(() => normalizeResource("User", { userName: "u", emails: "x" })).scimType,
    ).toBe("invalidValue");
    expect(scimError(() => normalizeResource("User", { userName: "u", name: "x" })).scimType).toBe(
      "invalidValue",
    );
    expect(
      scimError(() => normalizeResource("User", { userName: "u", emails: ["a@b.c"] })).scimType,
    ).toBe("invalidValue");
    expect(
      normalizeResource("User", { userName: "u", emails: { value: "a@b.c" } }).resource.emails,
    ).toEqual([{ value: "a@b.c" }]);
  });

  it("accepts Entra's bare-string manager and numbers for string attributes", () => {
    const { resource } = normalizeResource("User", {
      userName: "u",
      [ENTERPRISE_USER_SCHEMA]: { manager: "mgr-1", employeeNumber: 42 },
    });
    expect(resource[ENTERPRISE_USER_SCHEMA]).toEqual({
      manager: { value: "mgr-1" },
      employeeNumber: "42",
    });
  });

  it("keeps at most one primary value (RFC 7643 §2.4)", () => {
    const { resource } = normalizeResource("User", {
      userName: "u",
      emails: [
        { value: "a", primary: true },
        { value: "b", primary: true },
      ],
    });
    expect(resource.emails).toEqual([
      { value: "a", primary: true },
      { value: "b", primary: false },
    ]);
  });

  it("treats null as unassigned and an empty externalId as none", () => {
    const out = normalizeResource("User", { userName: "u", nickName: null, externalId: "" });
    expect(out.resource).not.toHaveProperty("nickName");
    expect(out).not.toHaveProperty("externalId");
  });

  it("keeps own data for hostile keys", () => {
    const body = JSON.parse('{"userName":"u","__proto__":{"polluted":true}}');
    const { resource } = normalizeResource("User", body);
    expect(Object.getPrototypeOf(resource)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(resource, "__proto__")).toBe(true);
  });
});

describe("normalizeResource (Group)", () => {
  it("extracts members and externalId; keeps Entra's extra schema URN", () => {
    const adscim = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
    const out = normalizeResource("Group", {
      schemas: [GROUP_SCHEMA, adscim],
      externalId: "8aa1a0c0",
      displayName: "Group",
      meta: { resourceType: "Group" },
      members: [{ value: "u1", display: "One", $ref: null }, { Value: "u2" }],
    });
    expect(out.resource).toEqual({ schemas: [GROUP_SCHEMA, adscim], displayName: "Group" });
    expect(out.externalId).toBe("8aa1a0c0");
    expect(out.members).toEqual([{ value: "u1", display: "One" }, { value: "u2" }]);
  });

  it("tells an absent members key from an empty list", () => {
    expect(normalizeResource("Group", { displayName: "g" })).not.toHaveProperty("members");
    expect(normalizeResource("Group", { displayName: "g", members: [] }).members).toEqual([]);
  });

  it("requires displayName and member ids", () => {
    expect(scimError(() => normalizeResource("Group", { schemas: [GROUP_SCHEMA] })).status).toBe(
      400,
    );
    expect(
      scimError(() => normalizeResource("Group", { displayName: "g", members: [{ display: "x" }] }))
        .scimType,
    ).toBe("invalidValue");
  });

  it("parseMemberRefs accepts bare ids and a single object", () => {
    expect(parseMemberRefs(["a", 7])).toEqual([{ value: "a" }, { value: "7" }]);
    expect(parseMemberRefs({ value: "a", type: "User" })).toEqual([{ value: "a", type: "User" }]);
  });
});

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const userBody = fc.record(
  {
    userName: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""),
    externalId: fc.string(),
    active: fc.oneof(fc.boolean(), fc.constantFrom("True", "false")),
    displayName: fc.string(),
    name: fc.record({ givenName: fc.string(), FamilyName: fc.string() }, { requiredKeys: [] }),
    emails: fc.array(
      fc.record(
        { value: fc.string(), type: fc.constantFrom("work", "home"), primary: fc.boolean() },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    [ENTERPRISE_USER_SCHEMA]: fc.record(
      {
        department: fc.string(),
        manager: fc.oneof(fc.string(), fc.record({ value: fc.string() })),
      },
      { requiredKeys: [] },
    ),
    [`${ENTERPRISE_USER_SCHEMA}:costCenter`]: fc.string(),
    password: fc.string(),
    custom: jsonValue,
    "urn:example:ext": fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
  },
  { requiredKeys: ["userName"] },
);

describe("normalizeResource properties", () => {
  it("is idempotent: normalizing a normalized user (with its externalId) changes nothing", () => {
    fc.assert(
      fc.property(userBody, (body) => {
        const first = normalizeResource("User", body);
        const again = normalizeResource("User", {
          ...first.resource,
          ...(first.externalId !== undefined ? { externalId: first.externalId } : {}),
        });
        expect(again).toEqual(first);
      }),
    );
  });

  it("is idempotent for groups with members", () => {
    fc.assert(
      fc.property(
        fc.record({
          displayName: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""),
          members: fc.array(
            fc.record({ value: fc.string({ minLength: 1 }), display: fc.string() }),
            { maxLength: 3 },
          ),
          extra: jsonValue,
        }),
        (body) => {
          const first = normalizeResource("Group", body);
          const again = normalizeResource("Group", { ...first.resource, members: first.members });
          expect(again).toEqual(first);
        },
      ),
    );
  });

  it("throws nothing but ScimError on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (body) => {
        for (const kind of ["User", "Group"] as const) {
          try {
            normalizeResource(kind, body);
          } catch (error) {
            expect(error).toBeInstanceOf(ScimError);
          }
        }
      }),
    );
  });
});

describe("normalizeResource: data that cannot be stored", () => {
  it("refuses NUL characters in values and keys", () => {
    expect(scimError(() => normalizeResource("User", { userName: "a\u0000b" })).scimType).toBe(
      "invalidValue",
    );
    expect(
      scimError(() => normalizeResource("User", { userName: "a", "x\u0000": 1 })).scimType,
    ).toBe("invalidValue");
  });

  it("refuses deep nesting without overflowing the stack", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 20_000; i++) deep = { d: deep };
    expect(scimError(() => normalizeResource("User", { userName: "a", deep })).scimType).toBe(
      "invalidValue",
    );
  });
});
