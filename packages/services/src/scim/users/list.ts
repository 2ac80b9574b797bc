import { listScimUsers } from "@dsync/db";
import { type ListQuery, parseFilter } from "@dsync/scim";
import type { ScimContext } from "../context";
import { listPage } from "../list-page";
import { renderScimUser } from "../render";

/** SCIM `GET /Users` and `POST /Users/.search`: a filtered, sorted page and the total. */
export async function listScimUsersPage(
  ctx: ScimContext,
  query: ListQuery,
): Promise<{ resources: Record<string, unknown>[]; totalResults: number; startIndex: number }> {
  const filter = query.filter ? parseFilter(query.filter) : undefined;
  const { rows, total } = await listScimUsers(ctx.db, {
    directoryId: ctx.directory.id,
    ...listPage(query),
    ...(filter ? { filter } : {}),
  });
  return {
    resources: rows.map((row) => renderScimUser(row, ctx.baseUrl)),
    totalResults: total,
    startIndex: query.startIndex,
  };
}
