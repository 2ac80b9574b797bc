import { listScimGroups } from "@dsync/db";
import { type ListQuery, parseFilter } from "@dsync/scim";
import type { ScimContext } from "../context";
import { listPage } from "../list-page";
import { renderGroups } from "./render-group";

/** SCIM `GET /Groups` and `POST /Groups/.search`; with members excluded no membership is read. */
export async function listScimGroupsPage(
  ctx: ScimContext,
  query: ListQuery,
  options: { includeMembers: boolean },
): Promise<{ resources: Record<string, unknown>[]; totalResults: number; startIndex: number }> {
  const filter = query.filter ? parseFilter(query.filter) : undefined;
  const { rows, total } = await listScimGroups(ctx.db, {
    directoryId: ctx.directory.id,
    ...listPage(query),
    ...(filter ? { filter } : {}),
  });
  return {
    resources: await renderGroups(ctx.db, rows, ctx.baseUrl, options.includeMembers),
    totalResults: total,
    startIndex: query.startIndex,
  };
}
