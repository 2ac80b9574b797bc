import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import type { AttrPath, FilterNode } from "./ast";
import { MAX_FILTER_DEPTH, parseAttrPath, parseFilter, parsePatchPath } from "./parse";
import { printFilter, printPatchPath } from "./print";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

function expectScimError(fn: () => unknown, scimType: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).scimType).toBe(scimType);
    return;
  }
  throw new Error("expected a ScimError");
}

const cmp = (attr: string, op: string, value: unknown, extra: Partial<AttrPath> = {}) => ({
  kind: "compare",
  path: { attr, ...extra },
  op,
  value,
});

describe("parseFilter", () => {
  it("parses every operator (RFC 7644 §3.4.2.2, Table 3)", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      expect(parseFilter(`title ${op} "x"`)).toEqual(cmp("title", op, "x"));
    }
    expect(parseFilter("title pr")).toEqual({ kind: "present", path: { attr: "title" } });
  });

  it("reads operators, keywords and literals case-insensitively", () => {
    expect(parseFilter('TITLE EQ "x" AND active Eq TRUE OR NOT (x PR)')).toEqual({
      kind: "or",
      left: { kind: "and", left: cmp("TITLE", "eq", "x"), right: cmp("active", "eq", true) },
      right: { kind: "not", expr: { kind: "present", path: { attr: "x" } } },
    });
    expect(parseFilter("a eq NULL")).toEqual(cmp("a", "eq", null));
    expect(parseFilter("a eq False")).toEqual(cmp("a", "eq", false));
  });

  it("gives not > and > or precedence, left-associative, with grouping", () => {
    expect(printFilter(parseFilter("a eq 1 or b eq 2 and c eq 3"))).toBe(
      "a eq 1 or b eq 2 and c eq 3",
    );
    expect(parseFilter("a eq 1 or b eq 2 and c eq 3")).toMatchObject({
      kind: "or",
      right: { kind: "and" },
    });
    expect(parseFilter("(a eq 1 or b eq 2) and c eq 3")).toMatchObject({
      kind: "and",
      left: { kind: "or" },
    });
    expect(parseFilter("a eq 1 and b eq 2 and c eq 3")).toMatchObject({
      kind: "and",
      left: { kind: "and" },
      right: cmp("c", "eq", 3),
    });
    expect(parseFilter("((a pr))")).toEqual({ kind: "present", path: { attr: "a" } });
  });

  it("parses value paths, alone and inside and/or", () => {
    expect(parseFilter('emails[type eq "work" and primary eq true]')).toEqual({
      kind: "valuePath",
      path: { attr: "emails" },
      filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("primary", "eq", true) },
    });
    expect(
      parseFilter(
        'userName eq "x" and emails[type eq "work" or not (value ew ".org")] or title pr',
      ),
    ).toMatchObject({
      kind: "or",
      left: { kind: "and", right: { kind: "valuePath", path: { attr: "emails" } } },
    });
  });

  it("splits URN-qualified names at the last colon (URNs contain dots)", () => {
    expect(parseFilter(`${CORE}:title eq "x"`)).toEqual(cmp("title", "eq", "x", { schema: CORE }));
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "x"`)).toEqual(
      cmp("manager", "eq", "x", { schema: ENTERPRISE, sub: "value" }),
    );
    expect(parseFilter(`${CORE}:name.givenName pr`)).toEqual({
      kind: "present",
      path: { schema: CORE, attr: "name", sub: "givenName" },
    });
  });

  it("accepts $ref and sub-attributes", () => {
    expect(parseFilter('members.$ref eq "x"')).toEqual(cmp("members", "eq", "x", { sub: "$ref" }));
    expect(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"')).toEqual(
      cmp("meta", "gt", "2011-05-13T04:42:34Z", { sub: "lastModified" }),
    );
  });

  it("reads JSON strings with escapes and JSON numbers", () => {
    expect(parseFilter('a eq "q\\"b\\\\s\\u00e9\\n"')).toEqual(cmp("a", "eq", 'q"b\\sé\n'));
    expect(parseFilter('a eq "(not) [a] and or"')).toEqual(cmp("a", "eq", "(not) [a] and or"));
    expect(parseFilter("a gt -1.5e3")).toEqual(cmp("a", "gt", -1500));
    expect(parseFilter("a eq 0")).toEqual(cmp("a", "eq", 0));
    expect(Object.is((parseFilter("a eq -0") as { value: number }).value, 0)).toBe(true);
  });

  it("treats `not` without a parenthesis as an attribute name", () => {
    expect(parseFilter('not eq "x"')).toEqual(cmp("not", "eq", "x"));
  });

  it.each([
    ["unknown operator", 'userName zz "x"'],
    ["unbalanced parenthesis", '(userName eq "x"'],
    ["extra parenthesis", 'userName eq "x")'],
    ["unquoted string", "userName eq bjensen"],
    ["missing value", "userName eq"],
    ["missing operator", "userName"],
    ["empty", ""],
    ["blank", "   "],
    ["dangling and", 'a eq "x" and'],
    ["leading or", 'or a eq "x"'],
    ["not without operand", "not ()"],
    ["unterminated string", 'a eq "x'],
    ["bad escape", 'a eq "\\x"'],
    ["raw control character", 'a eq "a\u0001"'],
    ["number out of range", "a eq 1e999"],
    ["malformed number", "a eq 01"],
    ["nested value path", 'emails[type[value eq "x"] pr]'],
    ["value path on a sub-attribute", 'name.givenName[value eq "x"]'],
    ["qualified name in a value filter", `emails[${CORE}:type eq "x"]`],
    ["sub-attribute after a filter", 'emails[type eq "work"].value eq "x"'],
    ["unclosed value path", 'emails[type eq "work"'],
    ["three-part name", 'a.b.c eq "x"'],
    ["bad attribute name", '1a eq "x"'],
    ["bad URN", 'urn::title eq "x"'],
    ["not a URN", 'http://x:title eq "x"'],
    ["pr with a value", 'a pr "x"'],
    ["value instead of attribute", '"a" eq "x"'],
  ])("rejects %s with 400 invalidFilter", (_, text) => {
    expectScimError(() => parseFilter(text), "invalidFilter");
  });

  it("bounds length and depth", () => {
    expectScimError(() => parseFilter(`a eq "${"x".repeat(5000)}"`), "invalidFilter");
    const nested = (n: number) => `${"(".repeat(n)}a pr${")".repeat(n)}`;
    expect(parseFilter(nested(MAX_FILTER_DEPTH))).toEqual({ kind: "present", path: { attr: "a" } });
    expectScimError(() => parseFilter(nested(MAX_FILTER_DEPTH + 1)), "invalidFilter");
    const nots = (n: number) => `${"not (".repeat(n)}a pr${")".repeat(n)}`;
    expectScimError(() => parseFilter(nots(MAX_FILTER_DEPTH + 1)), "invalidFilter");
  });

  it("answers hostile input quickly", () => {
    const inputs = [
      "(".repeat(10_000),
      `${"(".repeat(10_000)}a pr${")".repeat(10_000)}`,
      "x".repeat(1_000_000),
      `a eq "${"\\".repeat(1_000_000)}`,
      "a eq 1 and ".repeat(100_000),
      "[".repeat(1_000_000),
      `${'a eq "x" or '.repeat(370)}a pr`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      try {
        parseFilter(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ScimError);
      }
      expect(performance.now() - started).toBeLessThan(100);
    }
  });
});

describe("parsePatchPath", () => {
  it("parses attribute, sub-attribute, value filter and filter + sub-attribute paths", () => {
    expect(parsePatchPath("title")).toEqual({ path: { attr: "title" } });
    expect(parsePatchPath("name.givenName")).toEqual({ path: { attr: "name", sub: "givenName" } });
    expect(parsePatchPath(`${ENTERPRISE}:department`)).toEqual({
      path: { schema: ENTERPRISE, attr: "department" },
    });
    expect(parsePatchPath('members[value eq "2819c223"]')).toEqual({
      path: { attr: "members" },
      filter: cmp("value", "eq", "2819c223"),
    });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: { attr: "emails" },
      filter: cmp("type", "eq", "work"),
      subAttr: "value",
    });
  });

  it.each([
    ["empty", ""],
    ["filter only", '[type eq "work"]'],
    ["bad filter", "emails[type eq work]"],
    ["unclosed filter", 'emails[type eq "work"'],
    ["trailing garbage", "title x"],
    ["bad sub-attribute", 'emails[type eq "work"].1x'],
    ["sub-attribute and filter", 'name.givenName[type eq "work"]'],
    ["too long", "a".repeat(5000)],
  ])("rejects %s with 400 invalidPath", (_, text) => {
    expectScimError(() => parsePatchPath(text), "invalidPath");
  });

  it("parses sortBy-style attribute paths", () => {
    expect(parseAttrPath(`${ENTERPRISE}:manager.value`)).toEqual({
      schema: ENTERPRISE,
      attr: "manager",
      sub: "value",
    });
    expectScimError(() => parseAttrPath("a b"), "invalidPath");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties (conventions §13): never anything but a ScimError; print → parse is the identity.

const attrName = fc.stringMatching(/^\$?[A-Za-z][A-Za-z0-9_-]{0,8}$/);
const schema = fc.constantFrom(
  CORE,
  ENTERPRISE,
  "urn:acme:ext:1.0:User",
  "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER",
);
const attrPath: fc.Arbitrary<AttrPath> = fc
  .record({ schema, attr: attrName, sub: attrName }, { requiredKeys: ["attr"] })
  .map((p) => p as AttrPath);
const simplePath: fc.Arbitrary<AttrPath> = attrName.map((attr) => ({ attr }));
const value = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const op = fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le" as const);

function filterArb(path: fc.Arbitrary<AttrPath>, inner?: fc.Arbitrary<FilterNode>) {
  return fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", maxDepth: 5 },
      fc.record({ kind: fc.constant("compare" as const), path, op, value }),
      fc.record({ kind: fc.constant("present" as const), path }),
      ...(inner
        ? [
            fc.record({
              kind: fc.constant("valuePath" as const),
              path: simplePath,
              filter: inner,
            }),
          ]
        : []),
      fc.record({ kind: fc.constant("and" as const), left: tie("node"), right: tie("node") }),
      fc.record({ kind: fc.constant("or" as const), left: tie("node"), right: tie("node") }),
      fc.record({ kind: fc.constant("not" as const), expr: tie("node") }),
    ),
  })).node;
}

const filterNode = filterArb(attrPath, filterArb(simplePath));

describe("parser properties", () => {
  it("prints and re-parses any filter to the same AST", () => {
    fc.assert(
      fc.property(filterNode, (node) => {
        expect(parseFilter(printFilter(node))).toEqual(node);
      }),
      { numRuns: 500 },
    );
  });

  it("prints and re-parses PATCH paths", () => {
    fc.assert(
      fc.property(
        simplePath,
        fc.option(filterArb(simplePath), { nil: undefined }),
        fc.option(attrName, { nil: undefined }),
        (path, filter, subAttr) => {
          const patch = filter ? { path, filter, ...(subAttr ? { subAttr } : {}) } : { path };
          expect(parsePatchPath(printPatchPath(patch))).toEqual(patch);
        },
      ),
    );
  });

  it("throws nothing but ScimError on arbitrary strings", () => {
    const tokens = fc.constantFrom(
      "(",
      ")",
      "[",
      "]",
      '"',
      "\\",
      " ",
      "and",
      "or",
      "not",
      "eq",
      "pr",
      "a",
      "emails",
      ".value",
      "1",
      "-1e5",
      "true",
      "null",
      `${CORE}:`,
      ":",
      '"x"',
    );
    const soup = fc.array(tokens, { maxLength: 30 }).map((t) => t.join(" "));
    const glued = fc.array(tokens, { maxLength: 30 }).map((t) => t.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), soup, glued), (text) => {
        for (const parse of [parseFilter, parsePatchPath, parseAttrPath]) {
          try {
            parse(text);
          } catch (error) {
            if (!(error instanceof ScimError)) throw error;
            expect(error.status).toBe(400);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("parses what it prints from random token soups, stably", () => {
    // Any filter the parser accepts prints to text that parses back to the same AST.
    const soup = fc
      .array(fc.constantFrom("(", ")", "a", "b.c", "eq", "pr", '"x"', "1", "and", "or", "not"), {
        maxLength: 20,
      })
      .map((t) => t.join(" "));
    fc.assert(
      fc.property(soup, (text) => {
        let node: FilterNode;
        try {
          node = parseFilter(text);
        } catch {
          return;
        }
        expect(parseFilter(printFilter(node))).toEqual(node);
      }),
      { numRuns: 2000 },
    );
  });
});
