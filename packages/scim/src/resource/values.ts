/**
 * Small value helpers shared by normalization, PATCH and projection. Request bodies are
 * hostile input: keys such as `__proto__` or `toString` must be plain data, so reads go
 * through own properties only and writes define own properties (no prototype setter).
 */
import { badRequest } from "../errors";
import type { AttributeDef } from "../schemas/definitions";

/** A JSON object as parsed from a request (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The own property `key` of `obj`, never an inherited one. */
export function getOwn(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets an own property even for keys like `__proto__`, which plain assignment would misuse. */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The own key of `obj` equal to `name` ignoring case (RFC 7643 §2.1), exact spelling first. */
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** A deep copy of JSON data that keeps hostile keys as own data properties. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, cloneJson(v));
    return out as T;
  }
  return value;
}

/** Structural JSON equality, ignoring object key order. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEquals(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEquals(a[k], b[k]));
  }
  return false;
}

/** Describes a value for an error message without echoing long input. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Coerces a boolean attribute value. Entra (without `aadOptscim062020`) sends `"True"` and
 * `"False"`; anything else that is not a boolean is meaningless and rejected (RFC 7644 §3.12
 * invalidValue) rather than guessed.
 */
export function coerceBoolean(name: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  throw badRequest("invalidValue", `Attribute ${name} must be a boolean, got ${describe(value)}.`);
}

/**
 * Normalizes one simple (non-complex) value for its definition: booleans coerced from
 * strings, numbers read from numeric strings, and numbers/booleans sent for string
 * attributes written as strings (lossless; some providers send `employeeNumber: 42`).
 */
export function normalizeSimpleValue(def: AttributeDef, name: string, value: unknown): unknown {
  switch (def.type) {
    case "boolean":
      return coerceBoolean(name, value);
    case "integer":
    case "decimal": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (
        typeof n !== "number" ||
        !Number.isFinite(n) ||
        (def.type === "integer" && !Number.isInteger(n))
      ) {
        throw badRequest(
          "invalidValue",
          `Attribute ${name} must be a number, got ${describe(value)}.`,
        );
      }
      return n;
    }
    default:
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw badRequest(
        "invalidValue",
        `Attribute ${name} must be a string, got ${describe(value)}.`,
      );
  }
}

/** Deepest nesting accepted in a request body; real SCIM data is at most ~4 levels deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses data that cannot be stored or walked safely, before anything recurses over it:
 * nesting deeper than MAX_JSON_DEPTH (recursive code would overflow the stack) and strings or
 * keys containing U+0000 (PostgreSQL text and jsonb cannot hold it; it is never meaningful in
 * directory data). Iterative, so hostile input cannot overflow it either. 400 invalidValue.
 */
export function assertStorableJson(value: unknown, what: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes("\u0000")) {
        throw badRequest(
          "invalidValue",
          `${what} contains a NUL character, which cannot be stored.`,
        );
      }
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw badRequest(
        "invalidValue",
        `${what} is nested more than ${MAX_JSON_DEPTH} levels deep.`,
      );
    }
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (key.includes("\u0000")) {
        throw badRequest(
          "invalidValue",
          `${what} contains a NUL character, which cannot be stored.`,
        );
      }
      stack.push([item, depth + 1]);
    }
  }
}
