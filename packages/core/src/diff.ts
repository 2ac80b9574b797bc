import type { DirectoryGroup, DirectoryUser } from "./directory-user";

/**
 * Fields whose changes are reported key by key. WorkOS: "We are sending along shallow changes
 * in root properties, raw attributes, and custom attributes. If a new attribute is added in the
 * current snapshot that did not exist previously, then the previous_attributes object will
 * contain the attribute name with a null value." (changelog, "previous attributes").
 */
const NESTED_FIELDS = new Set(["custom_attributes", "raw_attributes"]);

/** `updated_at` moves on every write; a change only it shows is no change to the application. */
const IGNORED_FIELDS = new Set(["updated_at"]);

/**
 * Deep JSON equality where object key order does not matter and array order does (SCIM says
 * multi-valued attributes are unordered, but the application sees the array as stored, so a
 * reordering is something it can observe). `undefined` object members count as absent.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    // NaN is not JSON; treating it as equal to itself keeps diff(x, x) null regardless.
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((k) => left[k] !== undefined);
  const rightKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((k) => Object.hasOwn(right, k) && jsonEqual(left[k], right[k]));
}

function definedKeys(...objects: Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const obj of objects) {
    for (const [k, v] of Object.entries(obj)) if (v !== undefined) keys.add(k);
  }
  return [...keys];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Old values of the keys that differ between two maps; a key that did not exist before is null. */
function changedKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const key of definedKeys(before, after)) {
    if (jsonEqual(before[key], after[key])) continue;
    out[key] = before[key] === undefined ? null : before[key];
    changed = true;
  }
  return changed ? out : null;
}

/**
 * The `previous_attributes` of a `dsync.user.updated` / `dsync.group.updated` event: the OLD
 * values of every field that changed, with `custom_attributes` and `raw_attributes` narrowed
 * to their changed keys. Null when nothing the application sees changed (so no event is sent).
 */
export function previousAttributes<T extends DirectoryUser | DirectoryGroup>(
  before: T,
  after: T,
): Record<string, unknown> | null {
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const key of definedKeys(b, a)) {
    if (IGNORED_FIELDS.has(key)) continue;
    if (NESTED_FIELDS.has(key)) {
      const nested = changedKeys(asRecord(b[key]), asRecord(a[key]));
      if (nested === null) continue;
      out[key] = nested;
      changed = true;
      continue;
    }
    if (jsonEqual(b[key], a[key])) continue;
    out[key] = b[key] === undefined ? null : b[key];
    changed = true;
  }
  return changed ? out : null;
}
