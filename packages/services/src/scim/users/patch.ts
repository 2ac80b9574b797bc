import { findDirectoryUser } from "@dsync/db";
import { applyPatch, normalizeResource, parsePatchRequest, profileFor } from "@dsync/scim";
import { inTransaction } from "../../transaction";
import { assertIfMatch, resourceNotFound, type ScimContext, type ScimResult } from "../context";
import { renderScimUser } from "../render";
import { currentUserState, saveUserState } from "./save-user";

/**
 * SCIM `PATCH /Users/{id}`: applies every operation to the stored resource or none of them
 * (RFC 7644 §3.5.2), then re-normalizes it so PATCHed and POSTed users look the same.
 */
export async function patchScimUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimResult> {
  const operations = parsePatchRequest(body);
  const row = await inTransaction(ctx.db, async (tx) => {
    const before = await findDirectoryUser(tx, { directoryId: ctx.directory.id, id, lock: true });
    if (!before) throw resourceNotFound("User", id);
    assertIfMatch(ifMatch, before.version);
    const patched = applyPatch(
      "User",
      currentUserState(before),
      operations,
      profileFor(ctx.directory.type).patch,
    );
    return saveUserState(tx, before, normalizeResource("User", patched));
  });
  return { resource: renderScimUser(row, ctx.baseUrl), version: String(row.version) };
}
