import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import { normalizeResource, type Resource } from "../resource/normalize";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "../schemas/definitions";
import { scimError } from "../test-support";
import { applyPatch } from "./apply";
import { type PatchOperation, parsePatchRequest } from "./parse";

const EXT = ENTERPRISE_USER_SCHEMA;

/** Parses and applies a PatchOp body the way the service does, then re-normalizes. */
function patch(resource: Resource, operations: unknown[], kind: "User" | "Group" = "User") {
  return applyPatch(kind, resource, parsePatchRequest({ Operations: operations }));
}

function rich(): Resource {
  const { resource, externalId } = normalizeResource("User", {
    schemas: [USER_SCHEMA, EXT],
    userName: "keep@example.com",
    externalId: "keep-1",
    active: true,
    displayName: "Keep Me",
    nickName: "K",
    title: "Engineer",
    name: { givenName: "Kee", middleName: "Q", familyName: "Pme", formatted: "Kee Q Pme" },
    emails: [
      { value: "keep@example.com", type: "work", primary: true },
      { value: "keep@home.example", type: "home" },
    ],
    phoneNumbers: [
      { value: "555-0100", type: "work" },
      { value: "555-0199", type: "mobile" },
    ],
    addresses: [{ type: "work", locality: "Springfield", postalCode: "12345", primary: true }],
    [EXT]: { employeeNumber: "42", department: "R&D", costCenter: "CC1", manager: { value: "m" } },
  });
  return { ...resource, externalId };
}

describe("applyPatch: the no-silent-deletion sequence", () => {
  it("replaces a simple attribute and keeps the rest", () => {
    const before = rich();
    const after = patch(before, [{ op: "replace", path: "title", value: "Staff Engineer" }]);
    expect(after).toEqual({ ...before, title: "Staff Engineer" });
    expect(before.title).toBe("Engineer");
  });

  it("adds an email (appends) and dedupes an identical one", () => {
    const after = patch(rich(), [
      { op: "add", path: "emails", value: [{ value: "k@other.example", type: "other" }] },
      { op: "add", path: "emails", value: [{ value: "k@other.example", type: "other" }] },
    ]);
    expect(after.emails).toHaveLength(3);
    expect(after.emails).toContainEqual({ value: "k@other.example", type: "other" });
  });

  it("removes by filter, and a filter matching nothing is noTarget", () => {
    const after = patch(rich(), [{ op: "remove", path: 'emails[type eq "home"]' }]);
    expect(after.emails).toEqual([{ value: "keep@example.com", type: "work", primary: true }]);
    const error = scimError(() =>
      patch(rich(), [{ op: "remove", path: 'emails[type eq "pager"]' }]),
    );
    expect(error.scimType).toBe("noTarget");
  });

  it("replaces a sub-attribute through a value filter", () => {
    const after = patch(rich(), [
      { op: "replace", path: 'phoneNumbers[type eq "mobile"].value', value: "555-0142" },
    ]);
    expect(after.phoneNumbers).toEqual([
      { value: "555-0100", type: "work" },
      { value: "555-0142", type: "mobile" },
    ]);
  });

  it("removes a sub-attribute and keeps the other name parts", () => {
    const after = patch(rich(), [{ op: "remove", path: "name.middleName" }]);
    expect(after.name).toEqual({ givenName: "Kee", familyName: "Pme", formatted: "Kee Q Pme" });
  });

  it("path-less add merges a complex value", () => {
    const after = patch(rich(), [
      { op: "add", value: { name: { honorificPrefix: "Dr." }, nickName: "Kiki" } },
    ]);
    expect(after.name).toMatchObject({
      honorificPrefix: "Dr.",
      givenName: "Kee",
      familyName: "Pme",
    });
    expect(after.nickName).toBe("Kiki");
  });

  it("replace with a URN-qualified core path", () => {
    const after = patch(rich(), [
      { op: "replace", path: `${USER_SCHEMA}:displayName`, value: "Kept Me" },
    ]);
    expect(after.displayName).toBe("Kept Me");
  });

  it("path-less replace of the extension object merges its attributes", () => {
    const after = patch(rich(), [{ op: "replace", value: { [EXT]: { department: "Platform" } } }]);
    expect(after[EXT]).toEqual({
      employeeNumber: "42",
      department: "Platform",
      costCenter: "CC1",
      manager: { value: "m" },
    });
  });

  it("applies several operations in order", () => {
    const after = patch(rich(), [
      { op: "replace", path: "nickName", value: "one" },
      { op: "replace", path: "nickName", value: "two" },
      { op: "add", path: "phoneNumbers", value: [{ value: "555-0300", type: "fax" }] },
    ]);
    expect(after.nickName).toBe("two");
    expect(after.phoneNumbers).toHaveLength(3);
  });

  it("making another email primary clears primary on the others (RFC 7643 §2.4)", () => {
    const withOther = patch(rich(), [
      { op: "add", path: "emails", value: [{ value: "o@x", type: "other" }] },
    ]);
    const after = patch(withOther, [
      { op: "replace", path: 'emails[type eq "other"].primary', value: true },
    ]);
    const emails = after.emails as { type: string; primary?: boolean }[];
    expect(emails.find((e) => e.type === "other")?.primary).toBe(true);
    expect(emails.find((e) => e.type === "work")?.primary).not.toBe(true);
  });

  it("adding a primary value demotes the previous primary", () => {
    const after = patch(rich(), [
      { op: "add", path: "emails", value: [{ value: "new@x", type: "other", primary: true }] },
    ]);
    const emails = after.emails as { value: string; primary?: boolean }[];
    expect(emails.filter((e) => e.primary === true).map((e) => e.value)).toEqual(["new@x"]);
  });

  it("refuses an explicit id change and ignores id in a path-less value", () => {
    expect(
      scimError(() => patch(rich(), [{ op: "replace", path: "id", value: "x" }])).scimType,
    ).toBe("mutability");
    const after = patch(rich(), [{ op: "replace", value: { id: "x", meta: {}, title: "T" } }]);
    expect(after).not.toHaveProperty("id");
    expect(after.title).toBe("T");
  });
});

describe("applyPatch: Entra", () => {
  it("coerces string booleans and rejects other strings", () => {
    expect(patch(rich(), [{ op: "Replace", path: "active", value: "False" }]).active).toBe(false);
    expect(patch(rich(), [{ op: "Replace", path: "active", value: "True" }]).active).toBe(true);
    const error = scimError(() =>
      patch(rich(), [{ op: "replace", path: "active", value: "maybe" }]),
    );
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidValue");
  });

  it("applies the legacy one-Replace-per-attribute request", () => {
    const after = patch(rich(), [
      { op: "Replace", path: "displayName", value: "Pvlo" },
      { op: "Replace", path: 'emails[type eq "work"].value', value: "new@microsoft.com" },
      { op: "Replace", path: "name.givenName", value: "Gtfd" },
      { op: "Replace", path: "name.familyName", value: "Pkqf" },
      { op: "Replace", path: "externalId", value: "Eqpj" },
      { op: "Replace", path: `${EXT}:employeeNumber`, value: "Eqpj" },
    ]);
    expect(after.displayName).toBe("Pvlo");
    expect(after.emails).toEqual([
      { value: "new@microsoft.com", type: "work", primary: true },
      { value: "keep@home.example", type: "home" },
    ]);
    expect(after.name).toMatchObject({ givenName: "Gtfd", familyName: "Pkqf", middleName: "Q" });
    expect(after.externalId).toBe("Eqpj");
    expect(after[EXT]).toMatchObject({ employeeNumber: "Eqpj", costCenter: "CC1" });
    expect(normalizeResource("User", after).externalId).toBe("Eqpj");
  });

  it("applies the aadOptscim062020 form: one path-less replace with path keys", () => {
    const after = patch(rich(), [
      {
        op: "replace",
        value: {
          displayName: "Pvlo",
          'emails[type eq "work"].value': "new@microsoft.com",
          "name.givenName": "Gtfd",
          [`${EXT}:employeeNumber`]: "Eqpj",
          active: "False",
        },
      },
    ]);
    expect(after.displayName).toBe("Pvlo");
    expect((after.emails as { value: string }[])[0]?.value).toBe("new@microsoft.com");
    expect(after.name).toMatchObject({ givenName: "Gtfd", familyName: "Pme" });
    expect(after[EXT]).toMatchObject({ employeeNumber: "Eqpj", department: "R&D" });
    expect(after.active).toBe(false);
  });

  it("creates the element when a filtered Add/Replace matches nothing", () => {
    const after = patch(rich(), [
      { op: "Add", path: 'phoneNumbers[type eq "fax"].value', value: "555-0999" },
      { op: "Replace", path: 'addresses[type eq "home"].locality', value: "Shelbyville" },
    ]);
    expect(after.phoneNumbers).toContainEqual({ type: "fax", value: "555-0999" });
    expect(after.addresses).toContainEqual({ type: "home", locality: "Shelbyville" });
    const strict = scimError(() =>
      applyPatch(
        "User",
        rich(),
        parsePatchRequest({
          Operations: [{ op: "replace", path: 'emails[type eq "x"].value', value: "v" }],
        }),
        { createOnFilterNoMatch: false },
      ),
    );
    expect(strict.scimType).toBe("noTarget");
    // A filter that does not describe an element cannot create one.
    expect(
      scimError(() =>
        patch(rich(), [{ op: "replace", path: 'emails[value co "zzz"].type', value: "w" }]),
      ).scimType,
    ).toBe("noTarget");
  });

  it("sets the manager from a bare string on the URN path", () => {
    const after = patch(rich(), [{ op: "Add", path: `${EXT}:manager`, value: "boss" }]);
    expect((after[EXT] as Record<string, unknown>).manager).toEqual({ value: "boss" });
  });

  it("removes only the listed values for remove with a value list", () => {
    const after = patch(rich(), [
      { op: "Remove", path: "emails", value: [{ value: "keep@home.example" }] },
    ]);
    expect(after.emails).toEqual([{ value: "keep@example.com", type: "work", primary: true }]);
  });
});

describe("applyPatch: Okta and others", () => {
  it("deactivates and reactivates by path-less replace, keeping the profile", () => {
    const off = patch(rich(), [{ op: "replace", value: { active: false } }]);
    expect(off).toEqual({ ...rich(), active: false });
    expect(patch(off, [{ op: "replace", value: { active: true } }])).toEqual(rich());
  });

  it("drops a synced password", () => {
    const after = patch(rich(), [{ op: "replace", value: { password: "n3wPassw0rd!" } }]);
    expect(after).toEqual(rich());
    expect(patch(rich(), [{ op: "replace", path: "password", value: "x" }])).toEqual(rich());
  });

  it("renames a group with a path-less replace carrying id", () => {
    const group = normalizeResource("Group", {
      displayName: "Old",
      schemas: [GROUP_SCHEMA],
    }).resource;
    const after = patch(
      group,
      [{ op: "replace", value: { id: "g1", displayName: "New" } }],
      "Group",
    );
    expect(after).toEqual({ schemas: [GROUP_SCHEMA], displayName: "New" });
  });

  it("refuses members on a group (they are split out first)", () => {
    const group = { schemas: [GROUP_SCHEMA], displayName: "g" };
    expect(
      scimError(() =>
        patch(group, [{ op: "add", path: "members", value: [{ value: "u" }] }], "Group"),
      ).scimType,
    ).toBe("invalidPath");
  });

  it("replacing a multi-valued attribute replaces the list; null clears", () => {
    const after = patch(rich(), [
      { op: "replace", path: "emails", value: [{ value: "only@x", type: "work" }] },
      { op: "replace", path: "nickName", value: null },
    ]);
    expect(after.emails).toEqual([{ value: "only@x", type: "work" }]);
    expect(after).not.toHaveProperty("nickName");
  });

  it("adds the extension URN to schemas when an extension attribute first appears", () => {
    const plain = normalizeResource("User", { userName: "u" }).resource;
    const after = patch(plain, [{ op: "add", path: `${EXT}:department`, value: "Ops" }]);
    expect(after.schemas).toEqual([USER_SCHEMA, EXT]);
    expect(after[EXT]).toEqual({ department: "Ops" });
  });

  it("removes a whole extension by its URN and refuses read-only groups", () => {
    const after = patch(rich(), [{ op: "remove", path: EXT }]);
    expect(after).not.toHaveProperty(EXT);
    expect(
      scimError(() => patch(rich(), [{ op: "add", path: "groups", value: [] }])).scimType,
    ).toBe("mutability");
  });

  it("keeps unknown attributes, setting and merging them as sent", () => {
    const after = patch(rich(), [
      { op: "add", path: "favoriteColor", value: "blue" },
      { op: "add", value: { "urn:example:ext:User": { a: 1 } } },
      { op: "add", value: { "urn:example:ext:User": { b: 2 } } },
    ]);
    expect(after.favoriteColor).toBe("blue");
    expect(after["urn:example:ext:User"]).toEqual({ a: 1, b: 2 });
  });

  it("removing an attribute that is not there changes nothing", () => {
    expect(
      patch(rich(), [
        { op: "remove", path: "nickName" },
        { op: "remove", path: "nickName" },
      ]),
    ).toEqual((({ nickName: _, ...rest }) => rest)(rich()));
  });

  it("is all-or-nothing: the input is never mutated, even when a later op fails", () => {
    const before = rich();
    const snapshot = structuredClone(before);
    expect(() =>
      patch(before, [
        { op: "replace", path: "title", value: "Should Not Stick" },
        { op: "remove", path: 'emails[type eq "pager"]' },
      ]),
    ).toThrow(ScimError);
    expect(before).toEqual(snapshot);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const CORE_ATTRS = ["title", "nickName", "displayName", "name", "emails", "phoneNumbers", "active"];

const valueFor = (attr: string): fc.Arbitrary<unknown> => {
  switch (attr) {
    case "active":
      return fc.oneof(fc.boolean(), fc.constantFrom("True", "false"));
    case "name":
      return fc.record({ givenName: fc.string(), middleName: fc.string() }, { requiredKeys: [] });
    case "emails":
    case "phoneNumbers":
      return fc.array(
        fc.record(
          {
            value: fc.string(),
            type: fc.constantFrom("work", "home", "mobile"),
            primary: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      );
    default:
      return fc.string();
  }
};

const opOn = (attr: string): fc.Arbitrary<PatchOperation> =>
  fc.oneof(
    fc
      .record({ op: fc.constantFrom("add" as const, "replace" as const), value: valueFor(attr) })
      .map(({ op, value }) => ({ op, path: { path: { attr } }, value })),
    fc.constant<PatchOperation>({ op: "remove", path: { path: { attr } } }),
    fc
      .record({ op: fc.constantFrom("add" as const, "replace" as const), value: valueFor(attr) })
      .map(({ op, value }) => ({ op, value: { [attr]: value } })),
    ...(attr === "emails" || attr === "phoneNumbers"
      ? [
          fc
            .record({
              op: fc.constantFrom("add" as const, "replace" as const, "remove" as const),
              type: fc.constantFrom("work", "home", "mobile"),
              value: fc.string(),
            })
            .map(
              ({ op, type, value }): PatchOperation => ({
                op,
                path: {
                  path: { attr },
                  filter: { kind: "compare", path: { attr: "type" }, op: "eq", value: type },
                  subAttr: "value",
                },
                value,
              }),
            ),
        ]
      : []),
    ...(attr === "name"
      ? [
          fc.record({ sub: fc.constantFrom("givenName", "familyName"), value: fc.string() }).map(
            ({ sub, value }): PatchOperation => ({
              op: "replace",
              path: { path: { attr, sub } },
              value,
            }),
          ),
        ]
      : []),
  );

describe("applyPatch properties", () => {
  it("never changes attributes the operations do not mention", () => {
    fc.assert(
      fc.property(
        fc
          .subarray(CORE_ATTRS, { minLength: 1 })
          .chain((attrs) =>
            fc.tuple(
              fc.constant(attrs),
              fc.array(fc.constantFrom(...attrs).chain(opOn), { maxLength: 5 }),
            ),
          ),
        ([mentioned, ops]) => {
          const before = rich();
          let after: Resource;
          try {
            after = applyPatch("User", before, ops);
          } catch (error) {
            expect(error).toBeInstanceOf(ScimError);
            return;
          }
          for (const key of Object.keys(before)) {
            if (mentioned.includes(key)) continue;
            expect(after[key]).toEqual(before[key]);
          }
        },
      ),
    );
  });

  it("throws nothing but ScimError on random operations and values", () => {
    const path = fc.oneof(
      fc.constantFrom(
        "title",
        "name.givenName",
        "emails",
        'emails[type eq "work"].value',
        'emails[type eq "work"]',
        "active",
        "id",
        "groups",
        "password",
        "members",
        "externalId",
        EXT,
        `${EXT}:manager`,
        `${EXT}:manager.value`,
        "urn:example:x:attr",
        "toString",
        "constructor",
      ),
      fc.string(),
    );
    const rawOp = fc.record(
      {
        op: fc.constantFrom("add", "remove", "replace", "Replace", "move"),
        path,
        value: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: ["op"] },
    );
    fc.assert(
      fc.property(
        fc.array(rawOp, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("User", "Group" as const),
        (ops, kind) => {
          const base = kind === "User" ? rich() : { schemas: [GROUP_SCHEMA], displayName: "g" };
          try {
            const out = applyPatch(
              kind as "User" | "Group",
              base,
              parsePatchRequest({ Operations: ops }),
            );
            normalizeResource(kind as "User" | "Group", out);
          } catch (error) {
            expect(error).toBeInstanceOf(ScimError);
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
    );
  });
});
