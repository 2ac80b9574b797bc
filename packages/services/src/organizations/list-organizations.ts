import type { Organization } from "@dsync/core";
import { type Db, listOrganizations as selectOrganizations } from "@dsync/db";
import { toOrganization } from "./to-organization";

/** The WorkOS list envelope: cursors are object ids, null when there is nothing that way. */
export interface ListResponse<T> {
  object: "list";
  data: T[];
  list_metadata: { before: string | null; after: string | null };
}

/** Parameters of a WorkOS-style cursor page. */
export interface ListPageParams {
  limit: number;
  order: "asc" | "desc";
  before?: string;
  after?: string;
}

/** One page of organizations, WorkOS list shape (`before`/`after` cursors are ids). */
export async function listOrganizations(
  db: Db,
  params: ListPageParams,
): Promise<ListResponse<Organization>> {
  const rows = await selectOrganizations(db, params);
  const hasMore = rows.length > params.limit;
  const page = rows.slice(0, params.limit);
  const backwards = params.before !== undefined;
  if (backwards) page.reverse();
  const first = page[0]?.id ?? null;
  const last = page[page.length - 1]?.id ?? null;
  return {
    object: "list",
    data: page.map(toOrganization),
    list_metadata: backwards
      ? { before: hasMore ? first : null, after: last }
      : { before: params.after !== undefined ? first : null, after: hasMore ? last : null },
  };
}
