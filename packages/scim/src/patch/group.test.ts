import { describe, expect, it } from "vitest";
import { GROUP_SCHEMA } from "../schemas/definitions";
import { scimError } from "../test-support";
import { splitGroupPatch } from "./group";
import { parsePatchRequest } from "./parse";

function split(operations: unknown[]) {
  return splitGroupPatch(parsePatchRequest({ Operations: operations }));
}

describe("splitGroupPatch", () => {
  it("Okta: rename with id, add, remove-by-filter + add, full replace, empty replace", () => {
    expect(split([{ op: "replace", value: { id: "g1", displayName: "New" } }])).toEqual({
      attributeOps: [{ op: "replace", value: { id: "g1", displayName: "New" } }],
      memberChanges: [],
    });
    expect(
      split([{ op: "add", path: "members", value: [{ value: "u1", display: "one" }] }]),
    ).toEqual({
      attributeOps: [],
      memberChanges: [{ kind: "add", members: [{ value: "u1", display: "one" }] }],
    });
    expect(
      split([
        { op: "remove", path: 'members[value eq "u1"]' },
        { op: "add", path: "members", value: [{ value: "u2" }] },
      ]).memberChanges,
    ).toEqual([
      { kind: "remove", ids: ["u1"] },
      { kind: "add", members: [{ value: "u2" }] },
    ]);
    expect(
      split([{ op: "replace", path: "members", value: [{ value: "u2" }, { value: "u3" }] }])
        .memberChanges,
    ).toEqual([{ kind: "replace", members: [{ value: "u2" }, { value: "u3" }] }]);
    expect(split([{ op: "replace", path: "members", value: [] }]).memberChanges).toEqual([
      { kind: "replace", members: [] },
    ]);
  });

  it("Entra: Add with $ref null, Remove with a value list removes only those", () => {
    expect(
      split([{ op: "Add", path: "members", value: [{ $ref: null, value: "u1" }] }]).memberChanges,
    ).toEqual([{ kind: "add", members: [{ value: "u1" }] }]);
    expect(
      split([{ op: "Remove", path: "members", value: [{ $ref: null, value: "u1" }] }])
        .memberChanges,
    ).toEqual([{ kind: "remove", ids: ["u1"] }]);
  });

  it("remove without a value removes all members", () => {
    expect(split([{ op: "remove", path: "members" }]).memberChanges).toEqual([
      { kind: "removeAll" },
    ]);
  });

  it("reads or-joined value filters and case-insensitive names", () => {
    expect(
      split([{ op: "remove", path: 'Members[value eq "a" or Value eq "b" or value eq "c"]' }])
        .memberChanges,
    ).toEqual([{ kind: "remove", ids: ["a", "b", "c"] }]);
    expect(
      split([{ op: "add", path: `${GROUP_SCHEMA}:members`, value: { value: "x" } }]).memberChanges,
    ).toEqual([{ kind: "add", members: [{ value: "x" }] }]);
  });

  it("splits a path-less value carrying members from the other attributes", () => {
    expect(
      split([
        { op: "replace", value: { displayName: "G", Members: [{ value: "u1" }] } },
        { op: "add", value: { members: [{ value: "u2" }] } },
      ]),
    ).toEqual({
      attributeOps: [{ op: "replace", value: { displayName: "G" } }],
      memberChanges: [
        { kind: "replace", members: [{ value: "u1" }] },
        { kind: "add", members: [{ value: "u2" }] },
      ],
    });
  });

  it("keeps attribute operations in order alongside member changes", () => {
    const out = split([
      { op: "Replace", path: "displayName", value: "x" },
      { op: "add", path: "members", value: [{ value: "u" }] },
      { op: "replace", path: "externalId", value: "e" },
    ]);
    expect(out.attributeOps.map((o) => o.path?.path.attr)).toEqual(["displayName", "externalId"]);
    expect(out.memberChanges).toHaveLength(1);
  });

  it("refuses member filters it cannot turn into ids, and member sub-attributes", () => {
    for (const operation of [
      { op: "remove", path: 'members[display eq "Alice"]' },
      { op: "remove", path: 'members[value co "a"]' },
      { op: "replace", path: 'members[value eq "a"]', value: { value: "b" } },
      { op: "replace", path: 'members[value eq "a"].display', value: "b" },
      { op: "remove", path: "members.value" },
    ]) {
      const error = scimError(() => split([operation]));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe("invalidPath");
      expect(error.message.length).toBeGreaterThan(10);
    }
  });

  it("refuses members without ids", () => {
    expect(
      scimError(() => split([{ op: "add", path: "members", value: [{ display: "x" }] }])).scimType,
    ).toBe("invalidValue");
  });
});
