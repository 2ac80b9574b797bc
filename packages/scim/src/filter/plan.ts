/**
 * Resolves a parsed filter against a resource type's schema and checks it (RFC 7644 §3.4.2.2),
 * producing a plan that both the in-memory evaluator (`evaluate.ts`) and the SQL compiler
 * (`@dsync/db`, `scim-filter-sql.ts`) walk. One resolution step is what keeps the two in
 * agreement: both read the same keys, flatten the same arrays and compare with the same rules.
 *
 * Semantics (shared by both engines):
 * - Attribute names are case-insensitive (RFC 7643 §2.1). Attributes the schema defines are
 *   read under their canonical name (the store writes canonical names); attributes it does not
 *   define are matched ASCII-case-insensitively, and if several keys match, the attribute's
 *   values are the union of theirs.
 * - String comparison is case-insensitive unless the attribute is caseExact (RFC 7643 §2.2);
 *   unknown attributes are case-insensitive. Case folding is per code point (Unicode simple
 *   lowercase), which is what Postgres `lower()` does under a UTF-8 locale.
 * - `pr`: the attribute has a value that is not null, "", [] or {} (RFC 7643 §2.5 treats
 *   unassigned, null and empty as the same state). `eq null` is "not pr", `ne null` is "pr".
 * - A comparison considers the attribute's candidate values: for a multi-valued attribute
 *   (and for any unknown one) every element; for a complex attribute with no sub-attribute
 *   named, each element's `value` sub-attribute (RFC 7644 §3.4.2.2). Only strings, numbers
 *   and booleans are candidates. A comparison matches if any candidate matches; with no
 *   candidate it is false, except `ne`, which is then true.
 * - `gt ge lt le` compare strings by code point after folding (Postgres `COLLATE "C"`),
 *   numbers numerically and dateTime values as instants (millisecond precision).
 *   Type mismatches (a number against a string) never match; `ne` of a mismatch is true.
 * - Against a schema-defined attribute the value must have the attribute's type; booleans
 *   take only `eq`/`ne`; `co sw ew` take only strings; dateTime values must parse. Anything
 *   else is 400 invalidFilter ("filter comparison combination not supported", RFC 7644 §3.12).
 */

import { badRequest } from "../errors";
import {
  type AttributeDef,
  type AttributeType,
  COMMON_ATTRIBUTES,
  canonicalSchemaUrn,
  RESOURCE_TYPES,
  type ResourceKind,
  resolveAttribute,
} from "../schemas/definitions";
import type { AttrPath, CompareOp, FilterNode } from "./ast";
import { printAttrPath } from "./print";

/** One key lookup: by canonical name (`exact`), or ASCII-case-insensitively over all keys. */
export interface KeyStep {
  key: string;
  exact: boolean;
}

/** How values compare: `type` is undefined for attributes no schema defines. */
export interface Leaf {
  caseExact: boolean;
  type: AttributeType | undefined;
}

/** An attribute stored in the JSON resource (`raw_attributes`), or relative to one element. */
export interface JsonPathPlan {
  source: "json";
  /** The extension object the attribute lives in (RFC 7643 §3.3), when not core. */
  ext?: KeyStep;
  attr: KeyStep;
  /** Whether an array value is a list of elements (multi-valued or unknown attribute). */
  multi: boolean;
  /** The sub-attribute named in the path. */
  sub?: KeyStep;
  /** With no sub-attribute named: objects compare by this sub-attribute (`value`). */
  implicitValue?: KeyStep;
  leaf: Leaf;
  /** Membership attributes the SQL store keeps in their own table, not in the JSON. */
  membership?: "members" | "groups";
}

/** Attributes stored in table columns; in memory they are read from `resourcePath`. */
export interface ColumnPathPlan {
  source: "column";
  column: "id" | "externalId" | "userName" | "displayName" | "created" | "lastModified";
  resourcePath: readonly string[];
  leaf: Leaf;
}

export type PathPlan = JsonPathPlan | ColumnPathPlan;

export type PlanNode =
  | {
      kind: "compare";
      path: PathPlan;
      op: CompareOp;
      value: string | number | boolean;
      /** dateTime comparisons: the value as epoch milliseconds. */
      instant?: number;
    }
  | { kind: "present"; path: PathPlan }
  | { kind: "and" | "or"; left: PlanNode; right: PlanNode }
  | { kind: "not"; expr: PlanNode }
  | { kind: "valuePath"; path: JsonPathPlan; filter: PlanNode }
  | { kind: "constant"; value: boolean };

/** What an attribute path resolves to, before the operator is considered. */
type Resolved =
  | PathPlan
  /** `meta` itself: always present, not comparable. */
  | { source: "meta" }
  /** `meta.resourceType`: the same for every resource of a kind. */
  | { source: "constant"; value: string; leaf: Leaf }
  | { source: "unsupported"; reason: string };

/** Where paths are resolved: the resource, or one element of a multi-valued attribute. */
type Scope = { in: "resource" } | { in: "element"; parent: AttributeDef | undefined };

const UNKNOWN_LEAF: Leaf = { caseExact: false, type: undefined };

const COLUMN_PATHS = {
  id: ["id"],
  externalId: ["externalId"],
  userName: ["userName"],
  displayName: ["displayName"],
  created: ["meta", "created"],
  lastModified: ["meta", "lastModified"],
} as const;

function column(name: ColumnPathPlan["column"], def: AttributeDef): ColumnPathPlan {
  return {
    source: "column",
    column: name,
    resourcePath: COLUMN_PATHS[name],
    leaf: { caseExact: def.caseExact, type: def.type },
  };
}

/** ASCII-only lowercase: how unknown attribute names are matched, in memory and in SQL. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

function findSub(def: AttributeDef, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return def.subAttributes?.find((d) => d.name.toLowerCase() === lower);
}

function unknownPath(attr: string, sub: string | undefined, ext?: KeyStep): JsonPathPlan {
  return {
    source: "json",
    ...(ext ? { ext } : {}),
    attr: { key: attr, exact: false },
    multi: true,
    ...(sub !== undefined
      ? { sub: { key: sub, exact: false } }
      : { implicitValue: { key: "value", exact: false } }),
    leaf: UNKNOWN_LEAF,
  };
}

/** A path under a schema-defined attribute `def` (top-level or a sub-attribute of an element). */
function knownPath(def: AttributeDef, sub: string | undefined, ext?: KeyStep): Resolved {
  const base = {
    source: "json" as const,
    ...(ext ? { ext } : {}),
    attr: { key: def.name, exact: true },
    multi: def.multiValued,
  };
  if (sub !== undefined) {
    if (def.type !== "complex") {
      return { source: "unsupported", reason: `${def.name} has no sub-attributes` };
    }
    const subDef = findSub(def, sub);
    return subDef
      ? {
          ...base,
          sub: { key: subDef.name, exact: true },
          leaf: { caseExact: subDef.caseExact, type: subDef.type },
        }
      : { ...base, sub: { key: sub, exact: false }, leaf: UNKNOWN_LEAF };
  }
  if (def.type === "complex") {
    const valueDef = findSub(def, "value");
    return valueDef
      ? {
          ...base,
          implicitValue: { key: valueDef.name, exact: true },
          leaf: { caseExact: valueDef.caseExact, type: valueDef.type },
        }
      : { ...base, leaf: { caseExact: false, type: "complex" } };
  }
  return { ...base, leaf: { caseExact: def.caseExact, type: def.type } };
}

function resolvePath(kind: ResourceKind, path: AttrPath, scope: Scope): Resolved {
  if (scope.in === "element") {
    // Paths inside `attr[…]` name sub-attributes of one element (RFC 7644 §3.4.2.2, valFilter).
    if (path.schema !== undefined || path.sub !== undefined) {
      return { source: "unsupported", reason: `${printAttrPath(path)} is not a sub-attribute` };
    }
    const def = scope.parent && findSub(scope.parent, path.attr);
    return def ? knownPath(def, undefined) : unknownPath(path.attr, undefined);
  }

  const resolved = resolveAttribute(kind, path);
  if (!resolved) {
    // Not in any schema: kept as sent in the resource, under its URN when one is given.
    const urn = path.schema && canonicalSchemaUrn(kind, path.schema);
    if (!path.schema || urn === RESOURCE_TYPES[kind].schema) {
      return unknownPath(path.attr, path.sub);
    }
    return unknownPath(
      path.attr,
      path.sub,
      urn ? { key: urn, exact: true } : { key: path.schema, exact: false },
    );
  }

  const { def } = resolved;
  if (COMMON_ATTRIBUTES.includes(def)) {
    // RFC 7643 §3.1: id, externalId and meta live in columns, not in the stored resource.
    if (def.name === "meta") {
      const sub = path.sub === undefined ? undefined : resolved.subDef?.name;
      if (path.sub === undefined) return { source: "meta" };
      if (sub === "created") return column("created", resolved.subDef!);
      if (sub === "lastModified") return column("lastModified", resolved.subDef!);
      if (sub === "resourceType") {
        return { source: "constant", value: kind, leaf: { caseExact: true, type: "string" } };
      }
      return { source: "unsupported", reason: `filtering on meta.${path.sub} is not supported` };
    }
    if (path.sub !== undefined) {
      return { source: "unsupported", reason: `${def.name} has no sub-attributes` };
    }
    return column(def.name === "id" ? "id" : "externalId", def);
  }

  if (!resolved.inExtension && path.sub === undefined) {
    if (kind === "User" && def.name === "userName") return column("userName", def);
    if (kind === "Group" && def.name === "displayName") return column("displayName", def);
  }
  const plan = knownPath(
    def,
    path.sub,
    resolved.inExtension ? { key: resolved.schema, exact: true } : undefined,
  );
  if (plan.source === "json" && !resolved.inExtension) {
    if (kind === "Group" && def.name === "members") return { ...plan, membership: "members" };
    if (kind === "User" && def.name === "groups") return { ...plan, membership: "groups" };
  }
  return plan;
}

/** Resolves an attribute path for sorting (RFC 7644 §3.4.2.3); undefined when it cannot sort. */
export function planSortPath(kind: ResourceKind, path: AttrPath): PathPlan | undefined {
  const resolved = resolvePath(kind, path, { in: "resource" });
  return resolved.source === "json" || resolved.source === "column" ? resolved : undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * An xsd:dateTime (RFC 7643 §2.3.5) as epoch milliseconds, NaN when it is not one. A value
 * without an offset is read as UTC, never as the server's local time.
 */
export function parseDateTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== "string" || !DATE_TIME.test(value)) return Number.NaN;
  return Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(value.slice(19)) ? value : `${value}Z`);
}

/** Unicode simple lowercase per code point, as Postgres `lower()` does (no final-sigma rule). */
export function foldCase(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point.
  if (/^[\u0000-\u007f]*$/.test(text)) return text.toLowerCase();
  let out = "";
  for (const c of text) out += c === "\u0130" ? "i" : c.toLowerCase();
  return out;
}

/** Compares by code point, the order of UTF-8 bytes and so of Postgres `COLLATE "C"`. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (astral code points) below U+E000–U+FFFF; code points do not.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** RFC 7643 §2.5: null, "", [] and {} are the same as unassigned. */
export function isPresentValue(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

const SUBSTRING_OPS: ReadonlySet<CompareOp> = new Set(["co", "sw", "ew"]);

function expectedValueType(type: AttributeType): string | undefined {
  switch (type) {
    case "string":
    case "reference":
    case "dateTime":
      return "string";
    case "boolean":
      return "boolean";
    case "integer":
    case "decimal":
      return "number";
    default:
      return undefined;
  }
}

class Planner {
  constructor(private readonly kind: ResourceKind) {}

  private fail(detail: string): never {
    throw badRequest("invalidFilter", `Invalid filter: ${detail}`);
  }

  private path(path: AttrPath, scope: Scope): Exclude<Resolved, { source: "unsupported" }> {
    const resolved = resolvePath(this.kind, path, scope);
    if (resolved.source === "unsupported") return this.fail(resolved.reason);
    return resolved;
  }

  node(node: FilterNode, scope: Scope): PlanNode {
    switch (node.kind) {
      case "and":
      case "or":
        return {
          kind: node.kind,
          left: this.node(node.left, scope),
          right: this.node(node.right, scope),
        };
      case "not":
        return { kind: "not", expr: this.node(node.expr, scope) };
      case "present":
        return this.present(node.path, scope);
      case "compare":
        return this.compare(node, scope);
      case "valuePath":
        return this.valuePath(node.path, node.filter, scope);
      default:
        return this.fail("unknown expression");
    }
  }

  private present(path: AttrPath, scope: Scope): PlanNode {
    const resolved = this.path(path, scope);
    if (resolved.source === "meta" || resolved.source === "constant") {
      return { kind: "constant", value: true };
    }
    return { kind: "present", path: resolved };
  }

  private compare(node: Extract<FilterNode, { kind: "compare" }>, scope: Scope): PlanNode {
    const { op, value } = node;
    const name = printAttrPath(node.path);
    if (value === null) {
      // RFC 7643 §2.5: null is the unassigned state, so `eq null` asks "not present".
      if (op === "eq") return { kind: "not", expr: this.present(node.path, scope) };
      if (op === "ne") return this.present(node.path, scope);
      return this.fail(`${op} cannot compare with null`);
    }
    if (typeof value === "boolean" && op !== "eq" && op !== "ne") {
      this.fail(`${op} cannot compare booleans`);
    }
    if (typeof value === "number" && !Number.isFinite(value)) this.fail("not a finite number");
    if (SUBSTRING_OPS.has(op) && typeof value !== "string") this.fail(`${op} needs a string`);

    const resolved = this.path(node.path, scope);
    if (resolved.source === "meta") return this.fail(`${name} is complex; name a sub-attribute`);
    const { type } = resolved.leaf;
    if (type === "complex") this.fail(`${name} is complex; name a sub-attribute`);
    if (type === "boolean" && op !== "eq" && op !== "ne")
      this.fail(`${op} cannot compare ${name}, a boolean`);
    if ((type === "dateTime" || type === "boolean") && SUBSTRING_OPS.has(op)) {
      this.fail(`${op} cannot compare ${name}, a ${type}`);
    }
    const expected = type && expectedValueType(type);
    if (expected && typeof value !== expected) {
      this.fail(`${name} takes a ${type === "dateTime" ? "dateTime string" : expected} value`);
    }
    let instant: number | undefined;
    if (type === "dateTime") {
      instant = parseDateTime(value);
      if (Number.isNaN(instant)) this.fail(`${JSON.stringify(value)} is not a dateTime`);
      if (resolved.source !== "column") this.fail(`filtering on ${name} is not supported`);
    }
    if (resolved.source === "constant") {
      return {
        kind: "constant",
        value: testLeaf(resolved.value, op, value, resolved.leaf, undefined),
      };
    }
    return {
      kind: "compare",
      path: resolved,
      op,
      value,
      ...(instant !== undefined ? { instant } : {}),
    };
  }

  private valuePath(path: AttrPath, filter: FilterNode, scope: Scope): PlanNode {
    if (scope.in === "element") this.fail("value filters cannot be nested");
    if (path.sub !== undefined) this.fail(`${printAttrPath(path)}[…] names a sub-attribute`);
    const resolved = this.path(path, scope);
    // Schema-defined attributes must be complex; unknown ones are taken as sent.
    if (
      resolved.source !== "json" ||
      (resolved.attr.exact && !resolved.implicitValue && resolved.leaf.type !== "complex")
    ) {
      return this.fail(`${printAttrPath(path)} is not a complex attribute`);
    }
    const jsonPlan = resolved;
    const parent = jsonPlan.attr.exact ? resolveAttribute(this.kind, path)?.def : undefined;
    return {
      kind: "valuePath",
      // Elements are always listed: `name[givenName eq "x"]` treats one object as a list of one.
      path: { ...jsonPlan, multi: true },
      filter: this.node(filter, { in: "element", parent }),
    };
  }

  elementFilter(parentPath: AttrPath, filter: FilterNode): PlanNode {
    const parent = resolveAttribute(this.kind, parentPath);
    const def = parent?.subDef ?? parent?.def;
    return this.node(filter, { in: "element", parent: def?.type === "complex" ? def : undefined });
  }
}

/**
 * Whether one candidate value `v` satisfies `op value`; `v` is a string, number or boolean.
 * `instant` is set for dateTime attributes. The SQL compiler implements the same table.
 */
export function testLeaf(
  v: unknown,
  op: CompareOp,
  value: string | number | boolean,
  leaf: Leaf,
  instant: number | undefined,
): boolean {
  if (instant !== undefined) {
    const t = parseDateTime(v);
    if (Number.isNaN(t)) return op === "ne";
    return order(op, t - instant);
  }
  if (typeof value === "string") {
    if (typeof v !== "string") return op === "ne";
    const a = leaf.caseExact ? v : foldCase(v);
    const b = leaf.caseExact ? value : foldCase(value);
    switch (op) {
      case "co":
        return a.includes(b);
      case "sw":
        return a.startsWith(b);
      case "ew":
        return a.endsWith(b);
      default:
        return order(op, a === b ? 0 : compareCodePoints(a, b));
    }
  }
  if (typeof value === "number") {
    if (typeof v !== "number") return op === "ne";
    return order(op, v === value ? 0 : v < value ? -1 : 1);
  }
  if (typeof v !== "boolean") return op === "ne";
  return order(op, v === value ? 0 : 1);
}

function order(op: CompareOp, cmp: number): boolean {
  switch (op) {
    case "eq":
      return cmp === 0;
    case "ne":
      return cmp !== 0;
    case "gt":
      return cmp > 0;
    case "ge":
      return cmp >= 0;
    case "lt":
      return cmp < 0;
    case "le":
      return cmp <= 0;
    default:
      return false;
  }
}

/** Resolves and checks a filter for a resource type; throws ScimError 400 `invalidFilter`. */
export function planFilter(kind: ResourceKind, node: FilterNode): PlanNode {
  return new Planner(kind).node(node, { in: "resource" });
}

/** Plans a filter whose paths are relative to one element of `parentPath` (PATCH value filters). */
export function planElementFilter(
  kind: ResourceKind,
  parentPath: AttrPath,
  filter: FilterNode,
): PlanNode {
  return new Planner(kind).elementFilter(parentPath, filter);
}

/** Checks a filter against a resource type's schema; throws ScimError 400 `invalidFilter`. */
export function validateFilter(kind: ResourceKind, node: FilterNode): void {
  planFilter(kind, node);
}
