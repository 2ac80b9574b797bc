import type { ScimListParams } from "@dsync/db";
import { type ListQuery, parsePatchPath } from "@dsync/scim";

/** Turns SCIM's 1-based startIndex/count and sortBy into the offset/limit/sort of a query. */
export function listPage(query: ListQuery): Omit<ScimListParams, "directoryId" | "filter"> {
  return {
    offset: Math.max(0, query.startIndex - 1),
    limit: Math.max(0, query.count),
    // sortBy is an attribute path (RFC 7644 §3.4.2.3); the PATCH path grammar covers it.
    ...(query.sortBy ? { sortBy: parsePatchPath(query.sortBy).path } : {}),
    ...(query.sortOrder ? { sortOrder: query.sortOrder } : {}),
  };
}
