import { asc, desc, gt, lt, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { IdPageParams } from "./organizations";

/**
 * The keyset condition and ordering of a WorkOS-style page over a time-sortable id column.
 * Keyset (not offset) paging is what keeps pages stable while rows are inserted or deleted
 * between requests: the cursor names a position in id order, not a count of rows.
 * Walking backwards (`before`) reads in the opposite order; the caller reverses the page.
 */
export function idPage(
  column: PgColumn,
  params: IdPageParams,
): { where: SQL | undefined; orderBy: SQL; limit: number } {
  const backwards = params.before !== undefined;
  const ascending = (params.order === "asc") !== backwards;
  const cursor = params.before ?? params.after;
  const where =
    cursor === undefined ? undefined : ascending ? gt(column, cursor) : lt(column, cursor);
  // One more row than asked tells the caller whether another page exists that way.
  return { where, orderBy: ascending ? asc(column) : desc(column), limit: params.limit + 1 };
}
