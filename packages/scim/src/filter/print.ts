/**
 * Prints filter ASTs back to RFC 7644 §3.4.2.2 text, for logs and for the parser's round-trip
 * property: `parseFilter(printFilter(node))` equals `node`. Parentheses are added exactly where
 * precedence (not > and > or) and left-associativity need them.
 */

import type { AttrPath, FilterNode, FilterValue, PatchPath } from "./ast";

/** `urn:…:User:name.givenName`. */
export function printAttrPath(path: AttrPath): string {
  return `${path.schema ? `${path.schema}:` : ""}${path.attr}${path.sub ? `.${path.sub}` : ""}`;
}

function printValue(value: FilterValue): string {
  // JSON for strings (quotes and escapes), numbers and literals alike.
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** Prints a filter AST as filter text that parses back to the same AST. */
export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case "compare":
      return `${printAttrPath(node.path)} ${node.op} ${printValue(node.value)}`;
    case "present":
      return `${printAttrPath(node.path)} pr`;
    case "not":
      return `not (${printFilter(node.expr)})`;
    case "valuePath":
      return `${printAttrPath(node.path)}[${printFilter(node.filter)}]`;
    case "and":
    case "or": {
      // The parser builds left-deep trees: a right operand of the same operator, or any
      // `or` under `and`, needs parentheses to come back as the same tree.
      const wrapLeft = node.kind === "and" && node.left.kind === "or";
      const wrapRight =
        node.right.kind === "or" || (node.kind === "and" && node.right.kind === "and");
      const left = printFilter(node.left);
      const right = printFilter(node.right);
      return `${wrapLeft ? `(${left})` : left} ${node.kind} ${wrapRight ? `(${right})` : right}`;
    }
  }
}

/** Prints a PATCH path (RFC 7644 §3.5.2). */
export function printPatchPath(path: PatchPath): string {
  const filter = path.filter ? `[${printFilter(path.filter)}]` : "";
  return `${printAttrPath(path.path)}${filter}${path.subAttr ? `.${path.subAttr}` : ""}`;
}
