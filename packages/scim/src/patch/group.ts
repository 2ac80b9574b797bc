/**
 * Splits a Group PATCH into attribute operations (applied to the stored resource) and member
 * changes (applied by the caller as row inserts/deletes). Groups may have 100,000 members, so
 * membership is never materialized as a list here (design.md §3, §4).
 */
import { badRequest } from "../errors";
import type { FilterNode, PatchPath } from "../filter/ast";
import { type MemberRef, parseMemberRefs } from "../resource/normalize";
import { isObject, type JsonObject, setOwn } from "../resource/values";
import { GROUP_SCHEMA } from "../schemas/definitions";
import type { PatchOperation } from "./parse";

/** One membership change, applied in request order. */
export type MemberChange =
  | { kind: "add"; members: MemberRef[] }
  | { kind: "remove"; ids: string[] }
  | { kind: "removeAll" }
  | { kind: "replace"; members: MemberRef[] };

/** Whether a path names the Group's `members` (case-insensitive, optionally URN-qualified). */
function isMembersPath(path: PatchPath): boolean {
  const { schema, attr } = path.path;
  if (attr.toLowerCase() !== "members") return false;
  return schema === undefined || schema.toLowerCase() === GROUP_SCHEMA.toLowerCase();
}

/** A path-less value key that names `members` (`members`, `Members`, `urn:…:Group:members`). */
function isMembersKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === "members" || lower === `${GROUP_SCHEMA.toLowerCase()}:members`;
}

/**
 * The member ids a removal filter names: `value eq "id"`, possibly joined by `or` (Okta,
 * Entra with `aadOptscim062020`, OneLogin). Anything else cannot be evaluated without
 * loading every member, so it is refused.
 */
function idsFromFilter(filter: FilterNode): string[] | undefined {
  if (filter.kind === "or") {
    const left = idsFromFilter(filter.left);
    const right = idsFromFilter(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (
    filter.kind === "compare" &&
    filter.op === "eq" &&
    filter.path.attr.toLowerCase() === "value" &&
    filter.path.sub === undefined &&
    (typeof filter.value === "string" || typeof filter.value === "number")
  ) {
    return [String(filter.value)];
  }
  return undefined;
}

function memberChange(
  op: PatchOperation,
  path: PatchPath | undefined,
  value: unknown,
): MemberChange {
  if (path?.subAttr !== undefined || path?.path.sub !== undefined) {
    throw badRequest(
      "invalidPath",
      "Sub-attributes of members cannot be changed; add or remove the member instead.",
    );
  }
  if (path?.filter) {
    if (op.op !== "remove") {
      throw badRequest(
        "invalidPath",
        `${op.op} with a members filter is not supported; use ${op.op} with path "members" and a value list.`,
      );
    }
    const ids = idsFromFilter(path.filter);
    if (!ids) {
      throw badRequest(
        "invalidPath",
        'Only members[value eq "<id>"] filters (optionally joined by "or") are supported for removal.',
      );
    }
    return { kind: "remove", ids };
  }
  if (op.op === "add") return { kind: "add", members: parseMemberRefs(value) };
  if (op.op === "replace") {
    // RFC 7644 §3.5.2.3: replace of a multi-valued attribute replaces all values; `[]` or null
    // leaves the group empty (Okta pushes an emptied group this way).
    return { kind: "replace", members: parseMemberRefs(value) };
  }
  // remove: Entra's default form lists the members to remove in `value`; RFC 7644 §3.5.2.2
  // without a value removes them all. An explicit empty list removes nothing.
  if (value === undefined || value === null) return { kind: "removeAll" };
  return { kind: "remove", ids: parseMemberRefs(value).map((m) => m.value) };
}

/** Splits Group PATCH operations into attribute operations and member changes, in request order. */
export function splitGroupPatch(ops: PatchOperation[]): {
  attributeOps: PatchOperation[];
  memberChanges: MemberChange[];
} {
  const attributeOps: PatchOperation[] = [];
  const memberChanges: MemberChange[] = [];
  for (const op of ops) {
    if (op.path) {
      if (isMembersPath(op.path)) memberChanges.push(memberChange(op, op.path, op.value));
      else attributeOps.push(op);
      continue;
    }
    if (!isObject(op.value)) {
      attributeOps.push(op);
      continue;
    }
    // Path-less add/replace whose value carries `members` among other attributes.
    const rest: JsonObject = {};
    let restCount = 0;
    for (const [key, v] of Object.entries(op.value)) {
      if (isMembersKey(key)) {
        memberChanges.push(memberChange(op, undefined, v));
      } else {
        setOwn(rest, key, v);
        restCount++;
      }
    }
    if (restCount === Object.keys(op.value).length) attributeOps.push(op);
    else if (restCount > 0) attributeOps.push({ ...op, value: rest });
  }
  return { attributeOps, memberChanges };
}
