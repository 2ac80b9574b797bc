/**
 * The small JSON-path subset the idp-corpus uses (see /work/shared/idp-corpus/README.md):
 *
 *   $.a.b                      member access
 *   $.a[0].b                   array index
 *   $.a.length                 length of an array (a key "length" on an object is still a key)
 *   $["urn:...:User"].x        bracketed keys, for names with colons or dots
 *   $.emails[?(@.type=="work")].value
 *                              first array element whose sub-path equals (==) or differs (!=)
 *                              from a JSON literal (string, number, true, false, null)
 *
 * Anything else is a syntax error, thrown as `JsonPathError`, so a typo in a corpus file
 * fails loudly instead of evaluating to `undefined` and passing an `exists: false` check.
 */

export class JsonPathError extends Error {
  constructor(path: string, message: string) {
    super(`invalid JSON path ${JSON.stringify(path)}: ${message}`);
    this.name = "JsonPathError";
  }
}

type Literal = string | number | boolean | null;

export type PathSegment =
  | { kind: "key"; key: string }
  | { kind: "index"; index: number }
  | { kind: "filter"; path: PathSegment[]; op: "==" | "!="; value: Literal };

/** Parses `path` into segments; throws `JsonPathError` on anything outside the subset. */
export function parseJsonPath(path: string): PathSegment[] {
  if (!path.startsWith("$")) throw new JsonPathError(path, "must start with $");
  const { segments, end } = parseSegments(path, 1, false);
  if (end !== path.length) throw new JsonPathError(path, `unexpected text at ${end}`);
  return segments;
}

/** Evaluates `path` against `root`; `undefined` means "no such value". */
export function evaluateJsonPath(root: unknown, path: string): unknown {
  return evaluateSegments(root, parseJsonPath(path));
}

function evaluateSegments(root: unknown, segments: PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (current === undefined || current === null) return undefined;
    switch (segment.kind) {
      case "key":
        if (Array.isArray(current)) {
          current = segment.key === "length" ? current.length : undefined;
        } else if (typeof current === "object" && Object.hasOwn(current, segment.key)) {
          current = (current as Record<string, unknown>)[segment.key];
        } else {
          current = undefined;
        }
        break;
      case "index":
        current = Array.isArray(current) ? current[segment.index] : undefined;
        break;
      case "filter": {
        if (!Array.isArray(current)) return undefined;
        const { path, op, value } = segment;
        current = current.find((element) => {
          const equal = jsonEqual(evaluateSegments(element, path), value);
          return op === "==" ? equal : !equal;
        });
        break;
      }
    }
  }
  return current;
}

/** Deep equality over JSON values (key order does not matter, types do: "1" is not 1). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

const NAME = /[^.[\]()=!\s]/;

/**
 * Parses segments from `start`. Inside a filter (`inFilter`), parsing stops at the first
 * character that cannot continue a path (the comparison operator).
 */
function parseSegments(
  path: string,
  start: number,
  inFilter: boolean,
): { segments: PathSegment[]; end: number } {
  const segments: PathSegment[] = [];
  let i = start;
  while (i < path.length) {
    const ch = path[i];
    if (ch === ".") {
      let j = i + 1;
      while (j < path.length && NAME.test(path[j]!)) j++;
      if (j === i + 1) throw new JsonPathError(path, `empty name at ${i}`);
      segments.push({ kind: "key", key: path.slice(i + 1, j) });
      i = j;
    } else if (ch === "[") {
      const next = path[i + 1];
      if (next === '"' || next === "'") {
        const { value, end } = readQuoted(path, i + 1);
        if (path[end] !== "]") throw new JsonPathError(path, `expected ] at ${end}`);
        segments.push({ kind: "key", key: value });
        i = end + 1;
      } else if (next === "?") {
        if (inFilter) throw new JsonPathError(path, "nested filters are not supported");
        if (path.slice(i, i + 5) !== "[?(@.") {
          throw new JsonPathError(path, `a filter must look like [?(@.name==value)] at ${i}`);
        }
        const inner = parseSegments(path, i + 4, true);
        let j = inner.end;
        const op = path.slice(j, j + 2);
        if (op !== "==" && op !== "!=") throw new JsonPathError(path, `expected == or != at ${j}`);
        j += 2;
        const literal = readLiteral(path, j);
        j = literal.end;
        if (path.slice(j, j + 2) !== ")]") throw new JsonPathError(path, `expected )] at ${j}`);
        segments.push({ kind: "filter", path: inner.segments, op, value: literal.value });
        i = j + 2;
      } else {
        const match = /^\[(\d+)\]/.exec(path.slice(i));
        if (!match) throw new JsonPathError(path, `expected [index], ["key"] or [?(...)] at ${i}`);
        segments.push({ kind: "index", index: Number(match[1]) });
        i += match[0].length;
      }
    } else if (inFilter) {
      break;
    } else {
      throw new JsonPathError(path, `unexpected ${JSON.stringify(ch)} at ${i}`);
    }
  }
  return { segments, end: i };
}

function readQuoted(path: string, start: number): { value: string; end: number } {
  const quote = path[start];
  let j = start + 1;
  while (j < path.length && path[j] !== quote) j += path[j] === "\\" ? 2 : 1;
  if (j >= path.length) throw new JsonPathError(path, `unterminated string at ${start}`);
  const raw = path.slice(start + 1, j);
  // Double-quoted strings use JSON escapes; single-quoted ones are taken literally.
  let value: string;
  try {
    value = quote === '"' ? (JSON.parse(`"${raw}"`) as string) : raw;
  } catch {
    throw new JsonPathError(path, `bad string escape at ${start}`);
  }
  return { value, end: j + 1 };
}

function readLiteral(path: string, start: number): { value: Literal; end: number } {
  const ch = path[start];
  if (ch === '"' || ch === "'") return readQuoted(path, start);
  const match = /^(true|false|null|-?\d+(?:\.\d+)?)/.exec(path.slice(start));
  if (!match) throw new JsonPathError(path, `expected a literal at ${start}`);
  return { value: JSON.parse(match[1]!) as Literal, end: start + match[0].length };
}
