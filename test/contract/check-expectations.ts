import type { Expectation, HeaderAssertion, JsonAssertion } from "./corpus-schema";
import { evaluateJsonPath, JsonPathError, jsonEqual } from "./json-path";

export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** One HTTP response as the checker sees it. */
export interface ObservedResponse {
  status: number;
  /** Lower-case names, as undici reports them. */
  headers: Record<string, string | string[] | undefined>;
  bodyText: string;
}

/** The response body as JSON, or why it is not. */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseBody(bodyText: string): ParsedBody {
  if (bodyText.length === 0) return { ok: false, reason: "the response has no body" };
  try {
    return { ok: true, value: JSON.parse(bodyText) };
  } catch (error) {
    return { ok: false, reason: `the body is not JSON (${(error as Error).message})` };
  }
}

export function headerValue(response: ObservedResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Checks every expectation of a step against a response. Returns one message per failed
 * check (empty: all passed). `expect` must already have its `${vars}` substituted.
 */
export function checkExpectations(expect: Expectation, response: ObservedResponse): string[] {
  const failures: string[] = [];
  const body = parseBody(response.bodyText);

  if (expect.status !== undefined) {
    const allowed = Array.isArray(expect.status) ? expect.status : [expect.status];
    if (!allowed.includes(response.status)) {
      failures.push(`status: expected ${allowed.join(" or ")}, got ${response.status}`);
    }
  }

  if (expect.contentType !== undefined) {
    const contentType = headerValue(response, "content-type");
    if (contentType === undefined) {
      failures.push(`contentType: expected /${expect.contentType}/, no Content-Type header`);
    } else if (!new RegExp(expect.contentType, "i").test(contentType)) {
      failures.push(`contentType: expected /${expect.contentType}/, got ${contentType}`);
    }
  }

  if (expect.noBody === true && response.bodyText.length > 0) {
    failures.push(`noBody: expected an empty body, got ${response.bodyText.length} bytes`);
  }
  if (expect.noBody === false && response.bodyText.length === 0) {
    failures.push("noBody: false: expected a body, got none");
  }

  for (const header of expect.headers ?? []) failures.push(...checkHeader(header, response));

  if (expect.listResponse !== undefined) {
    failures.push(...checkListResponse(expect.listResponse, body));
  }
  if (expect.scimError !== undefined) {
    failures.push(...checkScimError(expect.scimError, body, response.status));
  }

  if (expect.json !== undefined && expect.json.length > 0) {
    if (!body.ok) {
      failures.push(`json: ${body.reason}; cannot check ${expect.json.length} assertion(s)`);
    } else {
      for (const assertion of expect.json) {
        failures.push(...checkJsonAssertion(assertion, body.value));
      }
    }
  }
  return failures;
}

function checkHeader(assertion: HeaderAssertion, response: ObservedResponse): string[] {
  const value = headerValue(response, assertion.name);
  const label = `header ${assertion.name}`;
  const failures: string[] = [];
  if (assertion.exists === true && value === undefined) failures.push(`${label}: missing`);
  if (assertion.exists === false && value !== undefined) {
    failures.push(`${label}: expected absent, got ${JSON.stringify(value)}`);
  }
  if (assertion.equals !== undefined && value !== assertion.equals) {
    failures.push(`${label}: expected ${JSON.stringify(assertion.equals)}, got ${show(value)}`);
  }
  if (
    assertion.matches !== undefined &&
    !(value !== undefined && matches(assertion.matches, value))
  ) {
    failures.push(`${label}: expected to match /${assertion.matches}/, got ${show(value)}`);
  }
  return failures;
}

function matches(source: string, value: string): boolean {
  return new RegExp(source).test(value);
}

/**
 * RFC 7644 §3.4.2: a ListResponse has the ListResponse schema URN and an integer
 * totalResults; Resources (when present) is an array; itemsPerPage is the number of
 * resources on this page and startIndex is 1-based. Resources may be absent when the page
 * is empty (count=0 asks for "no resource results ... except for totalResults", §3.4.2.4).
 */
function checkListResponse(expected: true | ListCounts, body: ParsedBody): string[] {
  if (!body.ok) return [`listResponse: ${body.reason}`];
  const value = body.value;
  if (!isObject(value)) return [`listResponse: the body is not a JSON object`];
  const failures: string[] = [];
  const schemas = value.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(LIST_RESPONSE_SCHEMA)) {
    failures.push(
      `listResponse: schemas must contain ${LIST_RESPONSE_SCHEMA}, got ${show(schemas)}`,
    );
  }
  const total = value.totalResults;
  if (!Number.isInteger(total) || (total as number) < 0) {
    failures.push(`listResponse: totalResults must be a non-negative integer, got ${show(total)}`);
  }
  const resources = value.Resources;
  if (resources !== undefined && !Array.isArray(resources)) {
    failures.push(`listResponse: Resources must be an array, got ${show(resources)}`);
  }
  const count = Array.isArray(resources) ? resources.length : 0;
  if (Number.isInteger(total) && count > (total as number)) {
    failures.push(`listResponse: ${count} Resources but totalResults is ${total}`);
  }
  for (const key of ["startIndex", "itemsPerPage"] as const) {
    if (value[key] !== undefined && !Number.isInteger(value[key])) {
      failures.push(`listResponse: ${key} must be an integer, got ${show(value[key])}`);
    }
  }
  if (Number.isInteger(value.startIndex) && (value.startIndex as number) < 1) {
    failures.push(`listResponse: startIndex is 1-based, got ${value.startIndex}`);
  }
  if (Number.isInteger(value.itemsPerPage) && value.itemsPerPage !== count) {
    failures.push(
      `listResponse: itemsPerPage (${value.itemsPerPage}) must be the number of Resources returned (${count})`,
    );
  }
  if (expected === true) return failures;
  if (expected.totalResults !== undefined && total !== expected.totalResults) {
    failures.push(
      `listResponse.totalResults: expected ${expected.totalResults}, got ${show(total)}`,
    );
  }
  if (expected.resources !== undefined && count !== expected.resources) {
    failures.push(`listResponse.resources: expected ${expected.resources} Resources, got ${count}`);
  }
  for (const key of ["startIndex", "itemsPerPage"] as const) {
    if (expected[key] !== undefined && value[key] !== expected[key]) {
      failures.push(`listResponse.${key}: expected ${expected[key]}, got ${show(value[key])}`);
    }
  }
  return failures;
}

interface ListCounts {
  totalResults?: number;
  resources?: number;
  startIndex?: number;
  itemsPerPage?: number;
}

/**
 * RFC 7644 §3.12: an error body has the Error schema URN, `status` as a JSON *string*
 * equal to the HTTP status, and optional string `scimType` and `detail`.
 */
function checkScimError(
  expected: true | { status?: string; scimType?: string; detail?: true },
  body: ParsedBody,
  httpStatus: number,
): string[] {
  if (!body.ok) return [`scimError: ${body.reason}`];
  const value = body.value;
  if (!isObject(value)) return [`scimError: the body is not a JSON object`];
  const failures: string[] = [];
  const schemas = value.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(ERROR_SCHEMA)) {
    failures.push(`scimError: schemas must contain ${ERROR_SCHEMA}, got ${show(schemas)}`);
  }
  if (typeof value.status !== "string") {
    failures.push(`scimError: status must be a JSON string, got ${show(value.status)}`);
  } else if (value.status !== String(httpStatus)) {
    failures.push(`scimError: status "${value.status}" differs from the HTTP status ${httpStatus}`);
  }
  for (const key of ["scimType", "detail"] as const) {
    if (value[key] !== undefined && typeof value[key] !== "string") {
      failures.push(`scimError: ${key} must be a string, got ${show(value[key])}`);
    }
  }
  if (expected === true) return failures;
  if (expected.status !== undefined && value.status !== expected.status) {
    failures.push(`scimError.status: expected "${expected.status}", got ${show(value.status)}`);
  }
  if (expected.scimType !== undefined && value.scimType !== expected.scimType) {
    failures.push(
      `scimError.scimType: expected "${expected.scimType}", got ${show(value.scimType)}`,
    );
  }
  if (expected.detail === true && !(typeof value.detail === "string" && value.detail.length > 0)) {
    failures.push(`scimError.detail: expected a non-empty string, got ${show(value.detail)}`);
  }
  return failures;
}

/** RFC 7643 §2.5: unassigned, null and [] are the same state for a client. */
function isUnassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

export function checkJsonAssertion(assertion: JsonAssertion, root: unknown): string[] {
  let actual: unknown;
  try {
    actual = evaluateJsonPath(root, assertion.path);
  } catch (error) {
    if (error instanceof JsonPathError) return [error.message];
    throw error;
  }
  const failures: string[] = [];
  const fail = (check: string, expected: string) =>
    failures.push(`${assertion.path} ${check}: expected ${expected}, got ${show(actual)}`);
  const has = (key: keyof JsonAssertion) => Object.hasOwn(assertion, key);
  const present = actual !== undefined && actual !== null;

  if (has("equals") && !jsonEqual(actual, assertion.equals)) {
    fail("equals", show(assertion.equals));
  }
  if (has("notEquals") && jsonEqual(actual, assertion.notEquals)) {
    fail("notEquals", `anything but ${show(assertion.notEquals)}`);
  }
  if (assertion.exists === true && !present) fail("exists", "a value");
  if (assertion.exists === false && present) fail("exists: false", "no value");
  if (assertion.absent === true && present) fail("absent", "no value");
  if (assertion.absent === false && !present) fail("absent: false", "a value");
  if (assertion.type !== undefined && jsonType(actual) !== assertion.type) {
    if (!(assertion.type === "number" && jsonType(actual) === "integer")) {
      fail("type", assertion.type);
    }
  }
  if (assertion.matches !== undefined) {
    if (typeof actual !== "string" || !matches(assertion.matches, actual)) {
      fail("matches", `a string matching /${assertion.matches}/`);
    }
  }
  if (has("contains")) {
    if (!Array.isArray(actual) || !actual.some((item) => jsonEqual(item, assertion.contains))) {
      fail("contains", `an array containing ${show(assertion.contains)}`);
    }
  }
  if (assertion.containsMatch !== undefined) {
    const pattern = assertion.containsMatch;
    if (!Array.isArray(actual) || !actual.some((item) => matchesPattern(item, pattern))) {
      fail("containsMatch", `an array with an element matching ${show(pattern)}`);
    }
  }
  if (assertion.notContainsMatch !== undefined) {
    const pattern = assertion.notContainsMatch;
    // An absent or null multi-valued attribute contains nothing, so nothing matches.
    if (present && !Array.isArray(actual)) {
      fail("notContainsMatch", `an array (or nothing) without ${show(pattern)}`);
    } else if (Array.isArray(actual) && actual.some((item) => matchesPattern(item, pattern))) {
      fail("notContainsMatch", `no element matching ${show(pattern)}`);
    }
  }
  if (assertion.length !== undefined) {
    const length = Array.isArray(actual) ? actual.length : isUnassigned(actual) ? 0 : undefined;
    if (length !== assertion.length) fail("length", `an array of length ${assertion.length}`);
  }
  if (assertion.empty === true && !isUnassigned(actual)) fail("empty", "absent, null or []");
  if (assertion.empty === false && isUnassigned(actual)) fail("empty: false", "a non-empty value");
  if (assertion.oneOf !== undefined && !assertion.oneOf.some((v) => jsonEqual(actual, v))) {
    fail("oneOf", `one of ${show(assertion.oneOf)}`);
  }
  const numeric = [
    ["lt", (a: number, b: number) => a < b],
    ["lte", (a: number, b: number) => a <= b],
    ["gt", (a: number, b: number) => a > b],
    ["gte", (a: number, b: number) => a >= b],
  ] as const;
  for (const [key, compare] of numeric) {
    const bound = assertion[key];
    if (bound === undefined) continue;
    if (typeof actual !== "number" || !compare(actual, bound))
      fail(key, `a number ${key} ${bound}`);
  }
  return failures;
}

/** An element matches when every key of the pattern matches; nested objects match partially. */
export function matchesPattern(item: unknown, pattern: Record<string, unknown>): boolean {
  if (!isObject(item)) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = item[key];
    if (isObject(expected) && isObject(actual)) return matchesPattern(actual, expected);
    return jsonEqual(actual, expected);
  });
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short rendering of a value for a failure message. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing (absent)";
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
