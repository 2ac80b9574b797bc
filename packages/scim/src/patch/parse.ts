/**
 * Parsing of a PatchOp request body (RFC 7644 §3.5.2) into typed operations. Lenient about
 * what providers really send (`"Replace"`, `"ADD"`, a missing `schemas`), strict about what
 * cannot be applied (no Operations, unknown op, remove without a target).
 */
import { badRequest } from "../errors";
import type { PatchPath } from "../filter/ast";
import { parsePatchPath } from "../filter/parse";
import { assertStorableJson, describe, findKey, isObject } from "../resource/values";

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** One PATCH operation; `path` is parsed, `value` is as sent (coerced when applied). */
export interface PatchOperation {
  op: "add" | "remove" | "replace";
  path?: PatchPath;
  value?: unknown;
}

const OPS = new Set(["add", "remove", "replace"]);

/** Parses a PatchOp body into operations, in request order; throws a 400 ScimError. */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) {
    throw badRequest("invalidSyntax", `A PATCH body must be a JSON object, got ${describe(body)}.`);
  }
  assertStorableJson(body, "The PATCH body");
  // `schemas` is not checked: some providers omit it, and nothing in the body is ambiguous
  // without it. `Operations` is read case-insensitively for the same reason.
  const opsKey = findKey(body, "Operations");
  const list = opsKey === undefined ? undefined : body[opsKey];
  if (!Array.isArray(list) || list.length === 0) {
    throw badRequest(
      "invalidSyntax",
      "A PATCH body needs a non-empty Operations array (RFC 7644 §3.5.2).",
    );
  }
  return list.map((raw, index) => parseOperation(raw, index));
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) {
    throw badRequest("invalidSyntax", `${where} must be an object, got ${describe(raw)}.`);
  }
  const opKey = findKey(raw, "op");
  const opRaw = opKey === undefined ? undefined : raw[opKey];
  // Entra sends "Replace"/"Add"/"Remove"; op names are compared case-insensitively.
  const op = typeof opRaw === "string" ? opRaw.trim().toLowerCase() : undefined;
  if (!op || !OPS.has(op)) {
    throw badRequest(
      "invalidSyntax",
      `${where}.op must be "add", "remove" or "replace", got ${describe(opRaw)}.`,
    );
  }
  const pathKey = findKey(raw, "path");
  const pathRaw = pathKey === undefined ? undefined : raw[pathKey];
  let path: PatchPath | undefined;
  if (pathRaw !== undefined && pathRaw !== null) {
    if (typeof pathRaw !== "string") {
      throw badRequest("invalidPath", `${where}.path must be a string, got ${describe(pathRaw)}.`);
    }
    // An empty path is treated as no path (the resource itself), as some clients send "".
    if (pathRaw.trim() !== "") path = parsePatchPath(pathRaw.trim());
  }
  const valueKey = findKey(raw, "value");
  const value = valueKey === undefined ? undefined : raw[valueKey];
  const operation: PatchOperation = { op: op as PatchOperation["op"] };
  if (path) operation.path = path;
  if (value !== undefined) operation.value = value;

  if (op === "remove") {
    // RFC 7644 §3.5.2.2: "If 'path' is unspecified, the operation fails with 400 noTarget".
    if (!path) throw badRequest("noTarget", `${where}: remove needs a path.`);
    return operation;
  }
  if (!path) {
    // RFC 7644 §3.5.2.1/§3.5.2.3: without a path the value is a set of attributes to apply.
    if (!isObject(value)) {
      throw badRequest(
        "invalidValue",
        `${where}: ${op} without a path needs an object of attributes as value, got ${describe(value)}.`,
      );
    }
    return operation;
  }
  if (value === undefined) {
    throw badRequest("invalidValue", `${where}: ${op} needs a value.`);
  }
  return operation;
}
