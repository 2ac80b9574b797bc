/**
 * In-memory evaluation of SCIM filters (RFC 7644 §3.4.2.2) over stored resources, for PATCH
 * value filters and anywhere a resource is at hand. The semantics are documented in `plan.ts`
 * and are the same as the SQL compiler's (`@dsync/db`, `scim-filter-sql.ts`), which a property
 * test checks against a real database.
 *
 * The resource is the stored SCIM resource: canonical attribute names, extension attributes
 * under their schema URN (RFC 7643 §3.3), plus `id`, `externalId` and `meta.created` /
 * `meta.lastModified`. Group `members` and User `groups` are read from the resource here; the
 * SQL store reads them from the membership table, so pass resources that carry them.
 */

import type { ResourceKind } from "../schemas/definitions";
import type { AttrPath, FilterNode } from "./ast";
import {
  asciiLower,
  isPresentValue,
  type JsonPathPlan,
  type KeyStep,
  type PathPlan,
  type PlanNode,
  planElementFilter,
  planFilter,
  testLeaf,
} from "./plan";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCandidate(value: unknown): value is string | number | boolean {
  return (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

/** The values under `step` in `obj`: one for a canonical key, all case-variants otherwise. */
function lookup(obj: unknown, step: KeyStep): unknown[] {
  if (!isObject(obj)) return [];
  if (step.exact) return Object.hasOwn(obj, step.key) ? [obj[step.key]] : [];
  const want = asciiLower(step.key);
  return Object.keys(obj)
    .filter((k) => asciiLower(k) === want)
    .map((k) => obj[k]);
}

/** The attribute's own values (before arrays are listed). */
function attributeValues(plan: JsonPathPlan, root: unknown): unknown[] {
  const containers = plan.ext ? lookup(root, plan.ext) : [root];
  return containers.flatMap((c) => lookup(c, plan.attr));
}

/** The attribute's elements: array items for multi-valued attributes, else the value. */
function elements(plan: JsonPathPlan, root: unknown): unknown[] {
  return attributeValues(plan, root).flatMap((v) => (plan.multi && Array.isArray(v) ? v : [v]));
}

function columnValue(plan: Extract<PathPlan, { source: "column" }>, resource: unknown): unknown {
  let value: unknown = resource;
  for (const key of plan.resourcePath) {
    value = isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  }
  return value;
}

/** The values a comparison looks at (see `plan.ts`). */
function candidates(plan: PathPlan, root: unknown): unknown[] {
  if (plan.source === "column") return [columnValue(plan, root)];
  const { sub, implicitValue } = plan;
  return elements(plan, root).flatMap((e) => {
    if (sub) return lookup(e, sub);
    if (implicitValue) return isObject(e) ? lookup(e, implicitValue) : [e];
    return [e];
  });
}

function isPresent(plan: PathPlan, root: unknown): boolean {
  if (plan.source === "column") return isPresentValue(columnValue(plan, root));
  const { sub } = plan;
  if (!sub) return attributeValues(plan, root).some(isPresentValue);
  return elements(plan, root).some((e) => lookup(e, sub).some(isPresentValue));
}

function evaluate(node: PlanNode, root: unknown): boolean {
  switch (node.kind) {
    case "constant":
      return node.value;
    case "and":
      return evaluate(node.left, root) && evaluate(node.right, root);
    case "or":
      return evaluate(node.left, root) || evaluate(node.right, root);
    case "not":
      return !evaluate(node.expr, root);
    case "present":
      return isPresent(node.path, root);
    case "valuePath":
      return elements(node.path, root).some((e) => evaluate(node.filter, e));
    case "compare": {
      const { path, op, value, instant } = node;
      const values = candidates(path, root).filter(
        (v) => isCandidate(v) || (instant !== undefined && v instanceof Date),
      );
      if (op === "ne") {
        // RFC 7644 §3.4.2.2 leaves absent attributes open; `ne` of nothing is true here.
        return (
          values.length === 0 || values.some((v) => !testLeaf(v, "eq", value, path.leaf, instant))
        );
      }
      return values.some((v) => testLeaf(v, op, value, path.leaf, instant));
    }
  }
}

/** Whether a stored resource matches a filter; throws ScimError 400 `invalidFilter` if it cannot apply. */
export function matchesFilter(
  kind: ResourceKind,
  node: FilterNode,
  resource: Record<string, unknown>,
): boolean {
  return evaluate(planFilter(kind, node), resource);
}

/**
 * Whether one element of the multi-valued attribute `parentPath` matches a value filter such
 * as the `type eq "work"` of `emails[type eq "work"]` (RFC 7644 §3.5.2 PATCH paths).
 */
export function matchesElement(
  kind: ResourceKind,
  parentPath: AttrPath,
  filter: FilterNode,
  element: unknown,
): boolean {
  return evaluate(planElementFilter(kind, parentPath, filter), element);
}

/** A predicate for many resources that plans the filter once; same result as `matchesFilter`. */
export function compileFilter(
  kind: ResourceKind,
  node: FilterNode,
): (resource: Record<string, unknown>) => boolean {
  const plan = planFilter(kind, node);
  return (resource) => evaluate(plan, resource);
}
