/**
 * Compiles SCIM filters (RFC 7644 §3.4.2.2) and `sortBy` (§3.4.2.3) to SQL over
 * `directory_users` / `directory_groups`. The filter is first resolved by `planFilter` from
 * `@dsync/scim`, the same plan the in-memory evaluator walks, so both agree (a property test
 * in `scim-filter-sql.test.ts` checks it against this database).
 *
 * - userName / Group displayName compare as `lower(column)` so `directory_users_username_key`
 *   and the text_pattern_ops index serve `eq` and `sw`; id, externalId and meta.created /
 *   meta.lastModified read their columns; Group `members` and User `groups` read the
 *   membership table; everything else reads `raw_attributes`.
 * - Every leaf predicate is wrapped in COALESCE(…, false): SQL NULL must never reach NOT, or
 *   `not (x eq 1)` would drop rows the evaluator keeps.
 * - Typed comparisons sit in CASE on `jsonb_typeof`, because AND does not order evaluation and
 *   `'"x"'::jsonb::numeric` raises an error.
 * - Values and keys are bound parameters, never SQL text.
 */

import {
  type AttrPath,
  asciiLower,
  badRequest,
  type FilterNode,
  type JsonPathPlan,
  type KeyStep,
  type Leaf,
  type PathPlan,
  type PlanNode,
  planFilter,
  planSortPath,
} from "@dsync/scim";
import { type SQL, sql } from "drizzle-orm";
import { directoryGroupMemberships, directoryGroups, directoryUsers } from "./schema";

type Kind = "User" | "Group";
type CompareNode = Extract<PlanNode, { kind: "compare" }>;

/**
 * A candidate value: a jsonb expression, a text column, or a timestamptz column. `notNull`
 * marks NOT NULL columns, whose predicates skip COALESCE so expression indexes still match.
 */
type Candidate = { type: "json" | "text" | "time"; expr: SQL; notNull?: boolean };

/** Where paths are read: the row, one jsonb element of a value path, or one membership id. */
type Scope = { in: "row" } | { in: "element"; expr: SQL } | { in: "member"; expr: SQL };

const FALSE = sql`false`;
const TRUE = sql`true`;

function table(kind: Kind) {
  return kind === "User" ? directoryUsers : directoryGroups;
}

/** Escapes LIKE metacharacters; backslash is LIKE's default escape character. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

function coalesce(predicate: SQL): SQL {
  return sql`coalesce((${predicate}), false)`;
}

function fail(detail: string): never {
  throw badRequest("invalidFilter", `Invalid filter: ${detail}`);
}

class Compiler {
  private aliases = 0;

  constructor(private readonly kind: Kind) {}

  private alias(prefix: string): SQL {
    return sql.raw(`${prefix}${this.aliases++}`);
  }

  /** `obj -> key`, or every case-variant of `key` for attributes no schema defines. */
  private lookup(obj: SQL, step: KeyStep, k: (value: SQL) => SQL): SQL {
    if (step.exact) return k(sql`(${obj} -> ${step.key}::text)`);
    const a = this.alias("k");
    // lower() under "C" folds ASCII only, like asciiLower: attribute names are ASCII.
    return sql`exists (select 1 from jsonb_each(case when jsonb_typeof(${obj}) = 'object' then ${obj} else '{}'::jsonb end) as ${a}(key, value) where lower(${a}.key collate "C") = ${asciiLower(step.key)}::text and ${k(sql`${a}.value`)})`;
  }

  /** Array items of `value`, or `value` itself when it is no array; none for a missing key. */
  private items(value: SQL, k: (item: SQL) => SQL): SQL {
    const a = this.alias("e");
    return sql`exists (select 1 from jsonb_array_elements(case when ${value} is null then '[]'::jsonb when jsonb_typeof(${value}) = 'array' then ${value} else jsonb_build_array(${value}) end) as ${a}(item) where ${k(sql`${a}.item`)})`;
  }

  private attributeValues(plan: JsonPathPlan, root: SQL, k: (value: SQL) => SQL): SQL {
    const { ext } = plan;
    if (ext) return this.lookup(root, ext, (c) => this.lookup(c, plan.attr, k));
    return this.lookup(root, plan.attr, k);
  }

  private elements(plan: JsonPathPlan, root: SQL, k: (element: SQL) => SQL): SQL {
    return this.attributeValues(plan, root, (v) => (plan.multi ? this.items(v, k) : k(v)));
  }

  private object(expr: SQL): SQL {
    return sql`(case when jsonb_typeof(${expr}) = 'object' then ${expr} end)`;
  }

  /** EXISTS a membership of this row; `k` gets the other side's id (text). */
  private memberships(plan: JsonPathPlan, k: (id: SQL) => SQL): SQL {
    if (plan.sub && plan.sub.key !== "value") {
      fail(`filtering ${plan.attr.key} by ${plan.sub.key} is not supported`);
    }
    const m = this.alias("m");
    const self = plan.membership === "members" ? sql`group_id` : sql`user_id`;
    const other = plan.membership === "members" ? sql`user_id` : sql`group_id`;
    const id = table(this.kind).id;
    return sql`exists (select 1 from ${directoryGroupMemberships} as ${m} where ${m}.${self} = ${id} and ${k(sql`${m}.${other}`)})`;
  }

  private rowRoot(): SQL {
    return sql`${table(this.kind).rawAttributes}`;
  }

  /** EXISTS a candidate of `plan` satisfying `k` (`present` mode stops before `value`). */
  private candidates(
    plan: PathPlan,
    scope: Scope,
    mode: "compare" | "present",
    k: (c: Candidate) => SQL,
  ): SQL {
    if (plan.source === "column") {
      if (scope.in !== "row") return fail("a column inside a value filter");
      const t = table(this.kind);
      switch (plan.column) {
        case "id":
          return k({ type: "text", expr: sql`${t.id}`, notNull: true });
        case "externalId":
          return k({ type: "text", expr: sql`${t.externalId}` });
        case "userName":
          return k({ type: "text", expr: sql`${directoryUsers.username}`, notNull: true });
        case "displayName":
          return k({ type: "text", expr: sql`${directoryGroups.name}`, notNull: true });
        case "created":
          return k({ type: "time", expr: sql`${t.createdAt}`, notNull: true });
        case "lastModified":
          return k({ type: "time", expr: sql`${t.updatedAt}`, notNull: true });
      }
    }
    if (scope.in === "member") {
      // Inside members[…] only `value` (the member id) is stored.
      if (plan.attr.key !== "value" || !plan.attr.exact || plan.sub) {
        fail(`filtering members by ${plan.attr.key} is not supported`);
      }
      return k({ type: "text", expr: scope.expr, notNull: true });
    }
    if (plan.membership && scope.in === "row") {
      return this.memberships(plan, (id) => k({ type: "text", expr: id, notNull: true }));
    }
    const root = scope.in === "row" ? this.rowRoot() : scope.expr;
    const json = (expr: SQL): SQL => k({ type: "json", expr });
    const { sub, implicitValue } = plan;
    if (mode === "present" && !sub) return this.attributeValues(plan, root, json);
    return this.elements(plan, root, (e) => {
      if (sub) return this.lookup(this.object(e), sub, json);
      if (implicitValue && mode === "compare") {
        if (implicitValue.exact) {
          return json(
            sql`(case when jsonb_typeof(${e}) = 'object' then ${e} -> ${implicitValue.key}::text else ${e} end)`,
          );
        }
        return sql`(case when jsonb_typeof(${e}) = 'object' then ${this.lookup(e, implicitValue, json)} else ${json(e)} end)`;
      }
      return json(e);
    });
  }

  private isPresent(c: Candidate): SQL {
    if (c.type === "time") return coalesce(sql`${c.expr} is not null`);
    if (c.type === "text") return coalesce(sql`${c.expr} <> ''`);
    return coalesce(
      sql`${c.expr} is not null and ${c.expr} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb)`,
    );
  }

  private isCandidate(c: Candidate): SQL {
    if (c.type === "json") {
      return coalesce(sql`jsonb_typeof(${c.expr}) in ('string', 'number', 'boolean')`);
    }
    return coalesce(sql`${c.expr} is not null`);
  }

  private compareText(text: SQL, op: CompareNode["op"], value: string, leaf: Leaf): SQL {
    const fold = (e: SQL) => (leaf.caseExact ? e : sql`lower(${e})`);
    const a = fold(text);
    const b = fold(sql`${value}::text`);
    const pattern = fold(sql`${escapeLike(value)}::text`);
    switch (op) {
      case "eq":
        return sql`${a} = ${b}`;
      case "ne":
        return sql`${a} <> ${b}`;
      case "co":
        return sql`${a} like '%' || ${pattern} || '%'`;
      case "sw":
        return sql`${a} like ${pattern} || '%'`;
      case "ew":
        return sql`${a} like '%' || ${pattern}`;
      default:
        // Code point order, as the evaluator's compareCodePoints.
        return sql`${a} collate "C" ${sql.raw(ORDER_SQL[op])} ${b} collate "C"`;
    }
  }

  /** Whether candidate `c` satisfies `op value` (the SQL twin of `testLeaf`). */
  private test(c: Candidate, node: CompareNode, op: CompareNode["op"]): SQL {
    const { value } = node;
    if (c.type === "time") {
      if (node.instant === undefined) return FALSE;
      const iso = new Date(node.instant).toISOString();
      return sql`date_trunc('milliseconds', ${c.expr}) ${sql.raw(ORDER_SQL[op])} ${iso}::timestamptz`;
    }
    if (c.type === "text") {
      if (typeof value !== "string") return op === "ne" ? this.isCandidate(c) : FALSE;
      const predicate = this.compareText(c.expr, op, value, node.path.leaf);
      return c.notNull ? sql`(${predicate})` : coalesce(predicate);
    }
    const x = c.expr;
    if (typeof value === "string") {
      return coalesce(
        sql`case when jsonb_typeof(${x}) = 'string' then ${this.compareText(sql`(${x} #>> '{}')`, op, value, node.path.leaf)} else false end`,
      );
    }
    if (typeof value === "number") {
      return coalesce(
        sql`case when jsonb_typeof(${x}) = 'number' then ${x}::numeric ${sql.raw(ORDER_SQL[op])} ${String(value)}::numeric else false end`,
      );
    }
    if (op !== "eq") return fail(`${op} cannot compare booleans`);
    return coalesce(sql`${x} = ${JSON.stringify(value)}::jsonb`);
  }

  private compare(node: CompareNode, scope: Scope): SQL {
    if (node.op === "ne") {
      // No candidate at all is a match for `ne` (see plan.ts); otherwise any unequal one.
      const none = this.candidates(node.path, scope, "compare", (c) => this.isCandidate(c));
      const unequal = this.candidates(
        node.path,
        scope,
        "compare",
        (c) => sql`${this.isCandidate(c)} and not ${this.test(c, node, "eq")}`,
      );
      return sql`(not ${none} or ${unequal})`;
    }
    return this.candidates(node.path, scope, "compare", (c) => this.test(c, node, node.op));
  }

  node(node: PlanNode, scope: Scope): SQL {
    switch (node.kind) {
      case "constant":
        return node.value ? TRUE : FALSE;
      case "and":
      case "or": {
        // Long chains are flattened (iteratively) so the SQL does not nest once per operand.
        const parts: SQL[] = [];
        const stack: PlanNode[] = [node];
        while (stack.length > 0) {
          const n = stack.pop()!;
          if (n.kind === node.kind) stack.push(n.right, n.left);
          else parts.push(this.node(n, scope));
        }
        return sql`(${sql.join(parts, node.kind === "and" ? sql` and ` : sql` or `)})`;
      }
      case "not":
        return sql`(not ${this.node(node.expr, scope)})`;
      case "present":
        return this.candidates(node.path, scope, "present", (c) => this.isPresent(c));
      case "compare":
        return this.compare(node, scope);
      case "valuePath": {
        const { path, filter } = node;
        if (scope.in !== "row") return fail("value filters cannot be nested");
        if (path.membership) {
          return this.memberships(path, (id) => this.node(filter, { in: "member", expr: id }));
        }
        return this.elements(path, this.rowRoot(), (e) =>
          this.node(filter, { in: "element", expr: e }),
        );
      }
    }
  }
}

const ORDER_SQL = {
  eq: "=",
  ne: "<>",
  gt: ">",
  ge: ">=",
  lt: "<",
  le: "<=",
  co: "",
  sw: "",
  ew: "",
};

/**
 * A boolean SQL fragment selecting the `directory_users` (User) or `directory_groups` (Group)
 * rows a SCIM filter matches; throws ScimError 400 `invalidFilter` for filters it cannot apply.
 */
export function scimFilterToSql(kind: Kind, node: FilterNode): SQL {
  return new Compiler(kind).node(planFilter(kind, node), { in: "row" });
}

/**
 * The SQL expression to order by for a SCIM `sortBy` path (RFC 7644 §3.4.2.3): columns for
 * userName, displayName (Group), id, externalId and meta dates; text from `raw_attributes`
 * otherwise (the primary element's value for multi-valued attributes); NULL when unsortable.
 */
export function scimSortToSql(kind: Kind, path: AttrPath): SQL {
  const plan = planSortPath(kind, path);
  const t = table(kind);
  if (!plan) return sql`null`;
  if (plan.source === "column") {
    switch (plan.column) {
      case "id":
        return sql`${t.id}`;
      case "externalId":
        return sql`${t.externalId}`;
      case "userName":
        return sql`lower(${directoryUsers.username})`;
      case "displayName":
        return sql`lower(${directoryGroups.name})`;
      case "created":
        return sql`${t.createdAt}`;
      case "lastModified":
        return sql`${t.updatedAt}`;
    }
  }
  let value = plan.ext
    ? sql`(${t.rawAttributes} -> ${plan.ext.key}::text -> ${plan.attr.key}::text)`
    : sql`(${t.rawAttributes} -> ${plan.attr.key}::text)`;
  const sub = plan.sub ?? plan.implicitValue;
  if (plan.multi) {
    // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first.
    const e = sql.raw("sort_e");
    value = sql`(select ${e}.item from jsonb_array_elements(case when jsonb_typeof(${value}) = 'array' then ${value} else '[]'::jsonb end) with ordinality as ${e}(item, n) order by coalesce((${e}.item -> 'primary') = 'true'::jsonb, false) desc, ${e}.n limit 1)`;
  }
  const text = sub ? sql`(${value} ->> ${sub.key}::text)` : sql`(${value} #>> '{}')`;
  return plan.leaf.caseExact ? text : sql`lower(${text})`;
}
