import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import type { FilterNode } from "./ast";
import { compileFilter, matchesElement, matchesFilter } from "./evaluate";
import { parseFilter } from "./parse";
import { compareCodePoints, foldCase, validateFilter } from "./plan";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const user: Record<string, unknown> = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "2819c223-7f76-453a-919d-413861904646",
  externalId: "Ext-1",
  userName: "BJensen@example.com",
  name: { givenName: "Barbara", familyName: "Jensen" },
  title: "Tour Guide",
  nickName: "",
  displayName: null,
  active: true,
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" },
  ],
  phoneNumbers: [],
  level: 3,
  Tags: ["Blue", "green"],
  [ENTERPRISE]: { department: "Tour Operations", manager: { value: "26118915-6090" } },
  "urn:acme:ext:1.0:User": { costCode: "CC-7" },
  meta: {
    resourceType: "User",
    created: "2010-01-23T04:56:22.000Z",
    lastModified: "2011-05-13T04:42:34.000Z",
  },
};

const matches = (filter: string, resource = user) =>
  matchesFilter("User", parseFilter(filter), resource);

describe("matchesFilter", () => {
  it("compares strings case-insensitively unless caseExact (RFC 7643 §2.2)", () => {
    expect(matches('userName eq "bjensen@EXAMPLE.com"')).toBe(true);
    expect(matches('title eq "tour guide"')).toBe(true);
    expect(matches('TITLE Eq "TOUR GUIDE"')).toBe(true);
    // id and externalId are caseExact.
    expect(matches('externalId eq "ext-1"')).toBe(false);
    expect(matches('externalId eq "Ext-1"')).toBe(true);
    expect(matches('id sw "2819C223"')).toBe(false);
  });

  it("implements co, sw, ew and ordering", () => {
    expect(matches('title co "UR G"')).toBe(true);
    expect(matches('title sw "tour"')).toBe(true);
    expect(matches('title ew "GUIDE"')).toBe(true);
    expect(matches('title ew "tour"')).toBe(false);
    expect(matches('title gt "tour"')).toBe(true);
    expect(matches('title lt "tour"')).toBe(false);
    expect(matches('title ge "TOUR GUIDE"')).toBe(true);
    expect(matches('title le "tour guide"')).toBe(true);
    expect(matches("level gt 2")).toBe(true);
    expect(matches("level le 2.5")).toBe(false);
    expect(matches('level eq "3"')).toBe(false);
    expect(matches('meta.lastModified gt "2011-05-13T04:42:33Z"')).toBe(true);
    expect(matches('meta.lastModified eq "2011-05-13T06:42:34+02:00"')).toBe(true);
    expect(matches('meta.created lt "2010-01-23T04:56:22.001Z"')).toBe(true);
  });

  it("treats null, empty string, empty array and missing alike for pr (RFC 7643 §2.5)", () => {
    expect(matches("title pr")).toBe(true);
    expect(matches("nickName pr")).toBe(false);
    expect(matches("displayName pr")).toBe(false);
    expect(matches("phoneNumbers pr")).toBe(false);
    expect(matches("locale pr")).toBe(false);
    expect(matches("emails pr")).toBe(true);
    expect(matches("emails.display pr")).toBe(false);
    expect(matches("locale eq null")).toBe(true);
    expect(matches("title ne null")).toBe(true);
    expect(matches("meta pr")).toBe(true);
  });

  it("makes comparisons with absent attributes false, except ne", () => {
    expect(matches('locale eq "x"')).toBe(false);
    expect(matches('locale ne "x"')).toBe(true);
    expect(matches('locale co ""')).toBe(false);
    expect(matches('not (locale eq "x")')).toBe(true);
    expect(matches('nickName ne "x"')).toBe(true);
  });

  it("matches multi-valued attributes if any value matches (RFC 7644 §3.4.2.2)", () => {
    expect(matches('emails.type eq "home"')).toBe(true);
    expect(matches('emails.type ne "home"')).toBe(true);
    expect(matches('emails eq "BABS@jensen.org"')).toBe(true);
    expect(matches('emails co "nobody"')).toBe(false);
    expect(matches('emails[type eq "work" and value co "example.com"]')).toBe(true);
    expect(matches('emails[type eq "home" and primary eq true]')).toBe(false);
    expect(matches("emails[not (primary eq true)]")).toBe(true);
    expect(matches('phoneNumbers[type ne "work"]')).toBe(false);
  });

  it("reads extension attributes qualified or not, and unknown attributes in any case", () => {
    expect(matches('department eq "tour operations"')).toBe(true);
    expect(matches(`${ENTERPRISE}:department sw "Tour"`)).toBe(true);
    expect(matches(`${ENTERPRISE.toUpperCase()}:DEPARTMENT sw "Tour"`)).toBe(true);
    expect(matches('manager eq "26118915-6090"')).toBe(true);
    expect(matches(`${ENTERPRISE}:manager.value eq "26118915-6090"`)).toBe(true);
    expect(matches('tags eq "blue"')).toBe(true);
    expect(matches('TAGS eq "GREEN"')).toBe(true);
    expect(matches('urn:acme:ext:1.0:User:costcode eq "cc-7"')).toBe(true);
    expect(matches("urn:ietf:params:scim:schemas:core:2.0:User:title pr")).toBe(true);
  });

  it("treats meta.resourceType as the resource type", () => {
    expect(matches('meta.resourceType eq "User"')).toBe(true);
    expect(matches('meta.resourceType eq "user"')).toBe(false);
  });

  it.each([
    ["gt on a boolean", "active gt true"],
    ["ordering with a boolean value", "level gt true"],
    ["ordering with null", "title lt null"],
    ["co with a number", "title co 1"],
    ["a string against a boolean attribute", 'active eq "true"'],
    ["a number against a string attribute", "title eq 1"],
    ["co on a dateTime", 'meta.created co "2010"'],
    ["an invalid dateTime", 'meta.created gt "yesterday"'],
    ["a complex attribute without a value sub-attribute", 'name eq "x"'],
    ["meta itself", 'meta eq "x"'],
    ["meta.location", 'meta.location eq "x"'],
    ["a sub-attribute of a simple attribute", 'userName.value eq "x"'],
    ["a value filter on a simple attribute", 'title[value eq "x"]'],
  ])("rejects %s with 400 invalidFilter", (_, filter) => {
    expect(() => matches(filter)).toThrow(
      expect.objectContaining({ status: 400, scimType: "invalidFilter" }),
    );
    expect(() => validateFilter("User", parseFilter(filter))).toThrow(ScimError);
  });

  it("filters Groups by displayName, members and unknown attributes", () => {
    const group = {
      id: "g1",
      displayName: "Tour Guides",
      members: [{ value: "u1", display: "Babs" }, { value: "u2" }],
    };
    const m = (f: string) => matchesFilter("Group", parseFilter(f), group);
    expect(m('displayName eq "tour guides"')).toBe(true);
    expect(m('members[value eq "u2"]')).toBe(true);
    // members.value is caseExact.
    expect(m('members eq "U2"')).toBe(false);
    expect(m('members[display eq "babs"]')).toBe(true);
  });

  it("compiles once for many resources", () => {
    const predicate = compileFilter("User", parseFilter("title pr and active eq true"));
    expect(predicate(user)).toBe(true);
    expect(predicate({ ...user, active: false })).toBe(false);
  });
});

describe("matchesElement", () => {
  it("evaluates a PATCH value filter against one element", () => {
    const filter = parseFilter('type eq "WORK" and primary eq true');
    const emails = user.emails as unknown[];
    expect(matchesElement("User", { attr: "emails" }, filter, emails[0])).toBe(true);
    expect(matchesElement("User", { attr: "emails" }, filter, emails[1])).toBe(false);
    const member = parseFilter('value eq "ABC"');
    // Group members.value is caseExact; unknown parents compare case-insensitively.
    expect(matchesElement("Group", { attr: "members" }, member, { value: "abc" })).toBe(false);
    expect(matchesElement("Group", { attr: "members" }, member, { value: "ABC" })).toBe(true);
    expect(matchesElement("User", { attr: "things" }, member, { value: "abc" })).toBe(true);
    expect(matchesElement("User", { attr: "emails" }, member, "not an object")).toBe(false);
  });
});

describe("case folding and ordering helpers", () => {
  it("folds per code point like Postgres lower()", () => {
    expect(foldCase("ÉCLAIR")).toBe("éclair");
    expect(foldCase("ΟΔΟΣ")).toBe("οδοσ");
    expect(foldCase("İ")).toBe("i");
  });

  it("orders by code point, not UTF-16 unit", () => {
    expect(compareCodePoints("\u{1F600}", "\uFFFD")).toBeGreaterThan(0);
    expect("\u{1F600}" < "\uFFFD").toBe(true);
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
  });
});

// ---------------------------------------------------------------------------------------------

const paths = fc.constantFrom(
  "title",
  "active",
  "emails",
  "emails.type",
  "level",
  "tags",
  "name.givenName",
  "department",
  "meta.created",
  "locale",
  "id",
);
const values = fc.oneof(
  fc.constantFrom("tour guide", "work", "Blue", "x", "", "2010-01-23T04:56:22Z"),
  fc.integer({ min: -5, max: 5 }),
  fc.boolean(),
  fc.constant(null),
);
const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
  fc
    .tuple(paths, fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"), values)
    .map(([p, op, v]) => parseFilter(`${p} ${op} ${JSON.stringify(v)}`)),
  paths.map((p) => parseFilter(`${p} pr`)),
);
const filters = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.record({ kind: fc.constant("and" as const), left: tie("node"), right: tie("node") }),
    fc.record({ kind: fc.constant("or" as const), left: tie("node"), right: tie("node") }),
  ),
})).node;

describe("evaluator properties", () => {
  it("throws nothing but ScimError, and not (f) is the complement of f", () => {
    fc.assert(
      fc.property(filters, fc.jsonValue(), (node, junk) => {
        const resources = [user, { ...user, title: junk, emails: junk, level: junk }, {}];
        for (const resource of resources) {
          let result: boolean;
          try {
            result = matchesFilter("User", node, resource as Record<string, unknown>);
          } catch (error) {
            expect(error).toBeInstanceOf(ScimError);
            return;
          }
          const negated = matchesFilter(
            "User",
            { kind: "not", expr: node },
            resource as Record<string, unknown>,
          );
          expect(negated).toBe(!result);
        }
      }),
      { numRuns: 500 },
    );
  });
});
