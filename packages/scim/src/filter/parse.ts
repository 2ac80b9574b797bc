/**
 * Parser for SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (RFC 7644 §3.5.2).
 *
 * Hand-written recursive descent over a token list. Input arrives from the network, so every
 * dimension is bounded: the text length (MAX_FILTER_LENGTH), the nesting of parentheses,
 * `not (…)` and value paths (MAX_FILTER_DEPTH, which also bounds the parser's recursion), and
 * the work per character (each is looked at a constant number of times). Anything malformed
 * becomes a ScimError 400 with scimType `invalidFilter` (filters) or `invalidPath` (PATCH paths),
 * never another exception.
 */

import { ScimError, type ScimType } from "../errors";
import type { AttrPath, CompareOp, FilterNode, FilterValue, PatchPath } from "./ast";

/** Longest filter or path accepted; longer input is refused before it is looked at. */
export const MAX_FILTER_LENGTH = 4096;
/** Deepest nesting of `( )`, `not ( )` and `[ ]` accepted. */
export const MAX_FILTER_DEPTH = 32;

const COMPARE_OPS: ReadonlySet<string> = new Set([
  "eq",
  "ne",
  "co",
  "sw",
  "ew",
  "gt",
  "ge",
  "lt",
  "le",
]);

/** ATTRNAME of RFC 7644 §3.4.2.2 (`ALPHA *(nameChar)`), plus the `$ref` of RFC 7643 §2.3.7. */
const ATTR_NAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
/** A schema URN prefix: `urn:` and non-empty colon-separated segments (URNs carry dots, `2.0`). */
const SCHEMA_URN = /^urn(?::[A-Za-z0-9._~+%-]+)+$/i;
/** A JSON number (RFC 8259 §6); filters take JSON values (RFC 7644 §3.4.2.2, `compValue`). */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

type Token =
  | { t: "(" | ")" | "[" | "]"; pos: number }
  | { t: "str"; value: string; pos: number }
  | { t: "word"; text: string; pos: number };

/** Shortens user input quoted in an error detail, so a 4 KB filter is not echoed back whole. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly scimType: ScimType,
    private readonly what: string,
  ) {
    if (typeof text !== "string") throw this.error("not a string");
    if (text.length > MAX_FILTER_LENGTH) {
      throw this.error(`longer than ${MAX_FILTER_LENGTH} characters`);
    }
    this.tokens = this.lex();
    if (this.tokens.length === 0) throw this.error("empty");
  }

  error(detail: string): ScimError {
    return new ScimError(400, `Invalid ${this.what}: ${detail}`, this.scimType);
  }

  /** Splits the text into brackets, JSON strings and words (runs of anything else). */
  private lex(): Token[] {
    const { text } = this;
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
      } else if (c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d) {
        tokens.push({ t: text[i] as "(" | ")" | "[" | "]", pos: i });
        i++;
      } else if (c === 0x22) {
        const start = i++;
        while (i < text.length && text.charCodeAt(i) !== 0x22) {
          i += text.charCodeAt(i) === 0x5c ? 2 : 1;
        }
        if (i >= text.length) throw this.error(`unterminated string at position ${start}`);
        i++;
        let value: unknown;
        try {
          value = JSON.parse(text.slice(start, i));
        } catch {
          throw this.error(`malformed string at position ${start}`);
        }
        tokens.push({ t: "str", value: value as string, pos: start });
      } else {
        const start = i;
        while (i < text.length) {
          const d = text.charCodeAt(i);
          if (isSpace(d) || d === 0x28 || d === 0x29 || d === 0x5b || d === 0x5d || d === 0x22) {
            break;
          }
          i++;
        }
        tokens.push({ t: "word", text: text.slice(start, i), pos: start });
      }
    }
    return tokens;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private describe(token: Token | undefined): string {
    if (!token) return "the end";
    if (token.t === "word") return `${quote(token.text)} at position ${token.pos}`;
    if (token.t === "str") return `the string at position ${token.pos}`;
    return `"${token.t}" at position ${token.pos}`;
  }

  private isKeyword(token: Token | undefined, keyword: string): boolean {
    return token?.t === "word" && token.text.toLowerCase() === keyword;
  }

  private expect(t: ")" | "]"): void {
    const token = this.peek();
    if (token?.t !== t) throw this.error(`expected "${t}" but found ${this.describe(token)}`);
    this.index++;
  }

  private enter(): void {
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw this.error(`nested deeper than ${MAX_FILTER_DEPTH} levels`);
    }
  }

  expectEnd(): void {
    const token = this.peek();
    if (token) throw this.error(`unexpected ${this.describe(token)}`);
  }

  /** `attrPath` of RFC 7644 §3.4.2.2: `[URI ":"] ATTRNAME ["." ATTRNAME]`. */
  attrPath(token: Token | undefined): AttrPath {
    if (token?.t !== "word") {
      throw this.error(`expected an attribute name but found ${this.describe(token)}`);
    }
    const word = token.text;
    // URNs contain dots (`…:2.0:User`) but attribute names never contain colons, so the
    // attribute starts after the last colon.
    const colon = word.lastIndexOf(":");
    const schema = colon >= 0 ? word.slice(0, colon) : undefined;
    const names = word.slice(colon + 1).split(".");
    if (
      (schema !== undefined && !SCHEMA_URN.test(schema)) ||
      names.length > 2 ||
      !names.every((n) => ATTR_NAME.test(n))
    ) {
      throw this.error(`${this.describe(token)} is not an attribute path`);
    }
    return {
      ...(schema !== undefined ? { schema } : {}),
      attr: names[0]!,
      ...(names[1] !== undefined ? { sub: names[1] } : {}),
    };
  }

  /** FILTER: `logExp` with the precedence not > and > or (RFC 7644 §3.4.2.2). */
  filter(inValuePath: boolean): FilterNode {
    let left = this.conjunction(inValuePath);
    while (this.isKeyword(this.peek(), "or")) {
      this.index++;
      left = { kind: "or", left, right: this.conjunction(inValuePath) };
    }
    return left;
  }

  private conjunction(inValuePath: boolean): FilterNode {
    let left = this.unary(inValuePath);
    while (this.isKeyword(this.peek(), "and")) {
      this.index++;
      left = { kind: "and", left, right: this.unary(inValuePath) };
    }
    return left;
  }

  private unary(inValuePath: boolean): FilterNode {
    const token = this.peek();
    if (token?.t === "(") {
      this.enter();
      this.index++;
      const inner = this.filter(inValuePath);
      this.expect(")");
      this.depth--;
      return inner;
    }
    // `not` must be followed by "(" (RFC 7644 §3.4.2.2); otherwise it is an attribute name.
    if (this.isKeyword(token, "not") && this.peek(1)?.t === "(") {
      this.enter();
      this.index += 2;
      const expr = this.filter(inValuePath);
      this.expect(")");
      this.depth--;
      return { kind: "not", expr };
    }
    const path = this.attrPath(token);
    this.index++;
    const next = this.peek();
    if (next?.t === "[") {
      if (inValuePath) throw this.error(`value filters cannot be nested (${this.describe(next)})`);
      if (path.sub)
        throw this.error(
          `a value filter needs a multi-valued attribute, not a sub-attribute (${this.describe(token)})`,
        );
      this.enter();
      this.index++;
      const filter = this.filter(true);
      this.expect("]");
      this.depth--;
      return { kind: "valuePath", path, filter };
    }
    if (inValuePath && (path.schema || path.sub)) {
      throw this.error(`${this.describe(token)} must name a sub-attribute inside a value filter`);
    }
    if (next?.t !== "word") {
      throw this.error(
        `expected an operator after ${this.describe(token)} but found ${this.describe(next)}`,
      );
    }
    const op = next.text.toLowerCase();
    this.index++;
    if (op === "pr") return { kind: "present", path };
    if (!COMPARE_OPS.has(op)) throw this.error(`unknown operator ${this.describe(next)}`);
    return { kind: "compare", path, op: op as CompareOp, value: this.value() };
  }

  /** `compValue` of RFC 7644 §3.4.2.2: false / null / true / number / string (JSON). */
  private value(): FilterValue {
    const token = this.peek();
    this.index++;
    if (token?.t === "str") return token.value;
    if (token?.t === "word") {
      const lower = token.text.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      if (lower === "null") return null;
      if (JSON_NUMBER.test(token.text)) {
        const n = Number(token.text);
        // 1e999 is valid JSON but no finite number; -0 is normalized so it prints back as 0.
        if (Number.isFinite(n)) return n === 0 ? 0 : n;
        throw this.error(`number out of range: ${this.describe(token)}`);
      }
      throw this.error(`${this.describe(token)} is not a value (strings must be quoted)`);
    }
    throw this.error(`expected a value but found ${this.describe(token)}`);
  }

  bareAttrPath(): AttrPath {
    const path = this.attrPath(this.peek());
    this.index++;
    return path;
  }

  /** PATH of RFC 7644 §3.5.2: `attrPath` or `valuePath [subAttr]`. */
  patchPath(): PatchPath {
    const path = this.bareAttrPath();
    if (this.peek()?.t !== "[") return { path };
    if (path.sub)
      throw this.error("a value filter needs a multi-valued attribute, not a sub-attribute");
    this.enter();
    this.index++;
    const filter = this.filter(true);
    this.expect("]");
    this.depth--;
    const after = this.peek();
    if (after?.t === "word" && after.text.startsWith(".")) {
      const subAttr = after.text.slice(1);
      if (!ATTR_NAME.test(subAttr))
        throw this.error(`${this.describe(after)} is not a sub-attribute`);
      this.index++;
      return { path, filter, subAttr };
    }
    return { path, filter };
  }
}

/** Parses a SCIM filter (RFC 7644 §3.4.2.2); throws ScimError 400 `invalidFilter` when malformed. */
export function parseFilter(text: string): FilterNode {
  const parser = new Parser(text, "invalidFilter", "filter");
  const node = parser.filter(false);
  parser.expectEnd();
  return node;
}

/** Parses a PATCH path (RFC 7644 §3.5.2); throws ScimError 400 `invalidPath` when malformed. */
export function parsePatchPath(text: string): PatchPath {
  const parser = new Parser(text, "invalidPath", "path");
  const path = parser.patchPath();
  parser.expectEnd();
  return path;
}

/** Parses a bare attribute path such as a `sortBy` value; throws ScimError 400 with `scimType`. */
export function parseAttrPath(text: string, scimType: ScimType = "invalidPath"): AttrPath {
  const parser = new Parser(text, scimType, "attribute path");
  const path = parser.bareAttrPath();
  parser.expectEnd();
  return path;
}
