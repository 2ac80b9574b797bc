import { findDirectoryGroup } from "@dsync/db";
import { resourceNotFound, type ScimContext, type ScimResult } from "../context";
import { renderGroups } from "./render-group";

/** SCIM `GET /Groups/{id}`; members are read only when the response includes them. */
export async function getScimGroup(
  ctx: ScimContext,
  id: string,
  options: { includeMembers: boolean },
): Promise<ScimResult> {
  const row = await findDirectoryGroup(ctx.db, { directoryId: ctx.directory.id, id });
  if (!row) throw resourceNotFound("Group", id);
  const [rendered] = await renderGroups(ctx.db, [row], ctx.baseUrl, options.includeMembers);
  return { resource: rendered!, version: String(row.version) };
}
