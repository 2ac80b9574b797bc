import { findDirectoryUser } from "@dsync/db";
import { resourceNotFound, type ScimContext, type ScimResult } from "../context";
import { renderScimUser } from "../render";

/** SCIM `GET /Users/{id}`. */
export async function getScimUser(ctx: ScimContext, id: string): Promise<ScimResult> {
  const row = await findDirectoryUser(ctx.db, { directoryId: ctx.directory.id, id });
  if (!row) throw resourceNotFound("User", id);
  return { resource: renderScimUser(row, ctx.baseUrl), version: String(row.version) };
}
