import { describe, expect, it } from "vitest";
import { scimError } from "../test-support";
import { PATCH_OP_SCHEMA, parsePatchRequest } from "./parse";

describe("parsePatchRequest", () => {
  it("reads Entra's capitalized ops and parses paths", () => {
    const ops = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: "Replace", path: "active", value: "False" },
        { op: "ADD", path: 'emails[type eq "work"].value', value: "x@y.z" },
        { op: "Remove", path: 'members[value eq "u1"]' },
      ],
    });
    expect(ops).toEqual([
      { op: "replace", path: { path: { attr: "active" } }, value: "False" },
      {
        op: "add",
        path: {
          path: { attr: "emails" },
          filter: { kind: "compare", path: { attr: "type" }, op: "eq", value: "work" },
          subAttr: "value",
        },
        value: "x@y.z",
      },
      {
        op: "remove",
        path: {
          path: { attr: "members" },
          filter: { kind: "compare", path: { attr: "value" }, op: "eq", value: "u1" },
        },
      },
    ]);
  });

  it("tolerates a missing schemas and a lower-case operations key", () => {
    expect(
      parsePatchRequest({ operations: [{ op: "replace", value: { active: false } }] }),
    ).toEqual([{ op: "replace", value: { active: false } }]);
  });

  it("rejects missing, non-array or empty Operations with invalidSyntax", () => {
    for (const body of [{ schemas: [PATCH_OP_SCHEMA] }, { Operations: {} }, { Operations: [] }]) {
      const error = scimError(() => parsePatchRequest(body));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe("invalidSyntax");
    }
    expect(scimError(() => parsePatchRequest([1])).scimType).toBe("invalidSyntax");
  });

  it("rejects unknown ops (move, frobnicate) with invalidSyntax", () => {
    for (const op of ["move", "frobnicate", 3, undefined]) {
      expect(
        scimError(() => parsePatchRequest({ Operations: [{ op, path: "title" }] })).scimType,
      ).toBe("invalidSyntax");
    }
  });

  it("rejects remove without a path with noTarget", () => {
    expect(scimError(() => parsePatchRequest({ Operations: [{ op: "remove" }] })).scimType).toBe(
      "noTarget",
    );
  });

  it("rejects malformed paths with invalidPath", () => {
    const error = scimError(() =>
      parsePatchRequest({
        Operations: [{ op: "replace", path: 'emails[type eq "work"', value: 1 }],
      }),
    );
    expect(error.scimType).toBe("invalidPath");
    expect(
      scimError(() => parsePatchRequest({ Operations: [{ op: "replace", path: 3, value: 1 }] }))
        .scimType,
    ).toBe("invalidPath");
  });

  it("requires an object value without a path and a value with one", () => {
    expect(
      scimError(() => parsePatchRequest({ Operations: [{ op: "add", value: "x" }] })).scimType,
    ).toBe("invalidValue");
    expect(
      scimError(() => parsePatchRequest({ Operations: [{ op: "replace", path: "title" }] }))
        .scimType,
    ).toBe("invalidValue");
  });

  it("treats an empty path as no path", () => {
    expect(parsePatchRequest({ Operations: [{ op: "add", path: "", value: { a: 1 } }] })).toEqual([
      { op: "add", value: { a: 1 } },
    ]);
  });
});

describe("parsePatchRequest: data that cannot be stored", () => {
  it("refuses NUL characters and deep nesting", () => {
    expect(
      scimError(() =>
        parsePatchRequest({ Operations: [{ op: "replace", path: "nickName", value: "a\u0000" }] }),
      ).scimType,
    ).toBe("invalidValue");
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(
      scimError(() => parsePatchRequest({ Operations: [{ op: "add", path: "x", value: deep }] }))
        .scimType,
    ).toBe("invalidValue");
  });
});
