/**
 * The filter AST of RFC 7644 §3.4.2.2. Attribute names are kept as written; resolving them
 * against a schema (case-insensitively, RFC 7643 §2.1) is the consumer's job.
 */

/** `urn:…:User:name.givenName` → { schema: "urn:…:User", attr: "name", sub: "givenName" }. */
export interface AttrPath {
  schema?: string;
  attr: string;
  sub?: string;
}

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { kind: "compare"; path: AttrPath; op: CompareOp; value: FilterValue }
  | { kind: "present"; path: AttrPath }
  | { kind: "and"; left: FilterNode; right: FilterNode }
  | { kind: "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; expr: FilterNode }
  /** `emails[type eq "work"]`: `filter` paths are relative to one element of `path`. */
  | { kind: "valuePath"; path: AttrPath; filter: FilterNode };

/** A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`. */
export interface PatchPath {
  path: AttrPath;
  filter?: FilterNode;
  /** The sub-attribute after a value filter, as in `emails[type eq "work"].value`. */
  subAttr?: string;
}
