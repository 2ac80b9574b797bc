import { findDirectoryUser } from "@dsync/db";
import { normalizeResource } from "@dsync/scim";
import { inTransaction } from "../../transaction";
import { assertIfMatch, resourceNotFound, type ScimContext, type ScimResult } from "../context";
import { renderScimUser } from "../render";
import { saveUserState } from "./save-user";

/** SCIM `PUT /Users/{id}`: the body becomes the whole resource (RFC 7644 §3.5.1). */
export async function replaceScimUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimResult> {
  const next = normalizeResource("User", body);
  const row = await inTransaction(ctx.db, async (tx) => {
    const before = await findDirectoryUser(tx, { directoryId: ctx.directory.id, id, lock: true });
    if (!before) throw resourceNotFound("User", id);
    assertIfMatch(ifMatch, before.version);
    return saveUserState(tx, before, next);
  });
  return { resource: renderScimUser(row, ctx.baseUrl), version: String(row.version) };
}
