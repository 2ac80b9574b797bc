/**
 * List queries (RFC 7644 §3.4.2: filter, sort, pagination, projection) from a GET query string
 * or a `/.search` POST body (§3.4.3), and the ListResponse that answers them.
 */
import { badRequest } from "./errors";
import { parseAttributeList } from "./projection";
import { describe, findKey, isObject } from "./resource/values";

export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/** Page size when the client sends no `count` (Okta and Entra send 100 anyway). */
export const DEFAULT_COUNT = 100;
/** Largest page served, advertised as `filter.maxResults` in /ServiceProviderConfig. */
export const MAX_COUNT = 1000;

/** A parsed list request; `startIndex` is 1-based, `count` already clamped to [0, max]. */
export interface ListQuery {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
  attributes?: string[];
  excludedAttributes?: string[];
}

interface RawListQuery {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  sortBy?: unknown;
  sortOrder?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}

function readInteger(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) {
    throw badRequest("invalidValue", `${name} must be an integer, got ${describe(value)}.`);
  }
  return Math.trunc(n);
}

function readString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw badRequest("invalidValue", `${name} must be a string, got ${describe(value)}.`);
  }
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function readAttributeList(name: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return parseAttributeList(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return parseAttributeList(value.join(","));
  }
  throw badRequest("invalidValue", `${name} must be a list of attribute names.`);
}

function toListQuery(raw: RawListQuery, maxResults: number): ListQuery {
  // RFC 7644 §3.4.2.4: startIndex < 1 is read as 1; a negative count as 0; the server may
  // return fewer than asked, so a count above the maximum is clamped rather than refused.
  const startIndex = Math.max(1, readInteger("startIndex", raw.startIndex) ?? 1);
  const count = Math.min(
    Math.max(0, readInteger("count", raw.count) ?? Math.min(DEFAULT_COUNT, maxResults)),
    maxResults,
  );
  const query: ListQuery = { startIndex, count };
  const filter = readString("filter", raw.filter);
  if (filter !== undefined) query.filter = filter;
  const sortBy = readString("sortBy", raw.sortBy);
  if (sortBy !== undefined) query.sortBy = sortBy;
  const sortOrder = readString("sortOrder", raw.sortOrder)?.toLowerCase();
  if (sortOrder !== undefined) {
    // §3.4.2.3 names "ascending" and "descending"; the abbreviations cost nothing to accept.
    if (sortOrder === "ascending" || sortOrder === "asc") query.sortOrder = "ascending";
    else if (sortOrder === "descending" || sortOrder === "desc") query.sortOrder = "descending";
    else {
      throw badRequest(
        "invalidValue",
        `sortOrder must be "ascending" or "descending", got ${describe(raw.sortOrder)}.`,
      );
    }
  }
  const attributes = readAttributeList("attributes", raw.attributes);
  if (attributes) query.attributes = attributes;
  const excludedAttributes = readAttributeList("excludedAttributes", raw.excludedAttributes);
  if (excludedAttributes) query.excludedAttributes = excludedAttributes;
  return query;
}

const FIELDS = [
  "filter",
  "startIndex",
  "count",
  "sortBy",
  "sortOrder",
  "attributes",
  "excludedAttributes",
] as const;

function pick(source: Record<string, unknown>): RawListQuery {
  // Parameter names are matched case-insensitively: clients are sloppy (`StartIndex`) and
  // nothing else could be meant.
  const raw: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const key = findKey(source, field);
    if (key !== undefined) raw[field] = source[key];
  }
  return raw as RawListQuery;
}

/** Parses list parameters from a query string (RFC 7644 §3.4.2). */
export function parseListQuery(
  query: Record<string, string | undefined>,
  options: { maxResults?: number } = {},
): ListQuery {
  return toListQuery(pick(query), options.maxResults ?? MAX_COUNT);
}

/** Parses a `POST /.search` body (RFC 7644 §3.4.3) into the same ListQuery. */
export function parseSearchRequest(
  body: unknown,
  options: { maxResults?: number } = {},
): ListQuery {
  if (!isObject(body)) {
    throw badRequest(
      "invalidSyntax",
      `A search request must be a JSON object, got ${describe(body)}.`,
    );
  }
  // `schemas` (SearchRequest) is not enforced: nothing else could be meant at this endpoint.
  return toListQuery(pick(body), options.maxResults ?? MAX_COUNT);
}

/** The ListResponse message (RFC 7644 §3.4.2). */
export interface ListResponse<T> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** A ListResponse (RFC 7644 §3.4.2); `Resources` is present even when empty, as Entra expects. */
export function listResponse<T>(
  resources: T[],
  totalResults: number,
  startIndex: number,
): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
