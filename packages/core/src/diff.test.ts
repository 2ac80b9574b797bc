import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonEqual, previousAttributes } from "./diff";
import type { DirectoryGroup, DirectoryUser } from "./directory-user";
import { directoryUserFixture } from "./test-fixtures";

const NESTED = ["custom_attributes", "raw_attributes"] as const;

function user(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return directoryUserFixture({
    custom_attributes: { department_name: "Maths" },
    raw_attributes: { userName: "ada@example.com", active: true },
    ...overrides,
  });
}

/** Applies previous_attributes to `after`, reading a nested null as "did not exist". */
function restore(
  after: Record<string, unknown>,
  previous: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...after };
  for (const [key, value] of Object.entries(previous)) {
    if ((NESTED as readonly string[]).includes(key)) {
      const nested: Record<string, unknown> = { ...(after[key] as Record<string, unknown>) };
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) nested[k] = v;
      out[key] = nested;
    } else {
      out[key] = value;
    }
  }
  return out;
}

describe("previousAttributes", () => {
  it("is null when only updated_at moved", () => {
    expect(previousAttributes(user(), user({ updated_at: "2025-01-01T00:00:00.000Z" }))).toBeNull();
  });

  it("holds old values of changed top-level fields", () => {
    expect(previousAttributes(user(), user({ first_name: "Augusta", state: "inactive" }))).toEqual({
      first_name: "Ada",
      state: "active",
    });
  });

  it("nests only the changed keys of custom and raw attributes, null for added keys", () => {
    const before = user({ custom_attributes: { department_name: "Maths", division_name: "R&D" } });
    const after = user({
      custom_attributes: { department_name: "Physics", division_name: "R&D", manager_id: "m" },
      raw_attributes: { userName: "ada@example.com", active: true, title: "Boss" },
    });
    expect(previousAttributes(before, after)).toEqual({
      custom_attributes: { department_name: "Maths", manager_id: null },
      raw_attributes: { title: null },
    });
  });

  it("reports a removed nested key with its old value", () => {
    const after = user({ custom_attributes: {} });
    expect(previousAttributes(user(), after)).toEqual({
      custom_attributes: { department_name: "Maths" },
    });
  });

  it("ignores key order at every depth", () => {
    const before = user({ raw_attributes: { a: { x: 1, y: [1, { p: 1, q: 2 }] }, b: 2 } });
    const after = user({ raw_attributes: { b: 2, a: { y: [1, { q: 2, p: 1 }], x: 1 } } });
    expect(previousAttributes(before, after)).toBeNull();
  });

  it("works for groups", () => {
    const group: DirectoryGroup = {
      object: "directory_group",
      id: "directory_group_1",
      idp_id: "g",
      directory_id: "directory_1",
      organization_id: "org_1",
      name: "Eng",
      raw_attributes: { displayName: "Eng" },
      created_at: "t",
      updated_at: "t",
    };
    expect(
      previousAttributes(group, {
        ...group,
        name: "Engineering",
        raw_attributes: { displayName: "Engineering" },
        updated_at: "u",
      }),
    ).toEqual({ name: "Eng", raw_attributes: { displayName: "Eng" } });
  });
});

describe("previousAttributes properties", () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const attrs = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e"), json, { maxKeys: 5 });
  const nullableString = fc.option(fc.constantFrom("x", "y", "z"), { nil: null });
  const arbUser: fc.Arbitrary<DirectoryUser> = fc.record({
    object: fc.constant("directory_user" as const),
    id: fc.constantFrom("directory_user_1", "directory_user_2"),
    idp_id: fc.constantFrom("i1", "i2"),
    directory_id: fc.constant("directory_1"),
    organization_id: fc.constant("org_1"),
    first_name: nullableString,
    last_name: nullableString,
    email: nullableString,
    emails: fc.array(
      fc.record({ primary: fc.boolean(), value: fc.constantFrom("a@x.io", "b@x.io") }),
      { maxLength: 2 },
    ),
    username: nullableString,
    job_title: nullableString,
    state: fc.constantFrom("active" as const, "inactive" as const),
    custom_attributes: attrs,
    raw_attributes: attrs,
    created_at: fc.constantFrom("t1", "t2"),
    updated_at: fc.constantFrom("t1", "t2"),
  });

  /** A structurally equal copy with every object's keys reversed. */
  function shuffled(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(shuffled);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([k, v]) => [k, shuffled(v)]),
      );
    }
    return value;
  }

  function differOutsideUpdatedAt(a: DirectoryUser, b: DirectoryUser): boolean {
    const { updated_at: _a, ...restA } = a;
    const { updated_at: _b, ...restB } = b;
    return !jsonEqual(restA, restB);
  }

  it("diff(x, x) is null, also against a reordered copy", () => {
    fc.assert(
      fc.property(arbUser, (u) => {
        expect(previousAttributes(u, u)).toBeNull();
        expect(previousAttributes(u, shuffled(u) as DirectoryUser)).toBeNull();
      }),
    );
  });

  it("diff(a, b) is non-null iff a and b differ outside updated_at", () => {
    fc.assert(
      fc.property(arbUser, arbUser, (a, b) => {
        expect(previousAttributes(a, b) !== null).toBe(differOutsideUpdatedAt(a, b));
      }),
    );
  });

  it("applying previous_attributes to `after` restores `before` (null = absent when nested)", () => {
    fc.assert(
      fc.property(arbUser, arbUser, (before, after) => {
        const previous = previousAttributes(before, after) ?? {};
        const restored = restore(after as unknown as Record<string, unknown>, previous);
        const b = before as unknown as Record<string, unknown>;
        for (const key of Object.keys(b)) {
          if (key === "updated_at") continue;
          if ((NESTED as readonly string[]).includes(key)) {
            const was = b[key] as Record<string, unknown>;
            const now = restored[key] as Record<string, unknown>;
            for (const k of new Set([...Object.keys(was), ...Object.keys(now)])) {
              const expected = k in was ? was[k] : null;
              expect(jsonEqual(now[k] ?? null, expected)).toBe(true);
            }
          } else {
            expect(jsonEqual(restored[key], b[key])).toBe(true);
          }
        }
      }),
    );
  });

  it("only ever names fields that changed", () => {
    fc.assert(
      fc.property(arbUser, arbUser, (a, b) => {
        const previous = previousAttributes(a, b) ?? {};
        const ra = a as unknown as Record<string, unknown>;
        const rb = b as unknown as Record<string, unknown>;
        for (const key of Object.keys(previous)) {
          expect(key).not.toBe("updated_at");
          expect(jsonEqual(ra[key], rb[key])).toBe(false);
        }
      }),
    );
  });
});

describe("jsonEqual", () => {
  it("distinguishes null from absent and arrays from objects", () => {
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual(0, -0)).toBe(true);
  });
});
