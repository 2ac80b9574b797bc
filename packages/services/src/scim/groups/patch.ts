import { findDirectoryGroup } from "@dsync/db";
import {
  applyPatch,
  normalizeResource,
  parsePatchRequest,
  profileFor,
  splitGroupPatch,
} from "@dsync/scim";
import { inTransaction } from "../../transaction";
import { assertIfMatch, resourceNotFound, type ScimContext } from "../context";
import { applyMemberChanges } from "./member-changes";
import { currentGroupState, saveGroupState } from "./save-group";

/**
 * SCIM `PATCH /Groups/{id}`. Attribute operations are applied to the stored resource; member
 * operations become row inserts/deletes, so one member change costs the same in a group of
 * 10 or 100,000. The group row is locked first, so concurrent PATCHes queue and none is lost.
 * Answers nothing (204): rendering a large member list back would cost more than the change.
 */
export async function patchScimGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<{ version: string }> {
  const { attributeOps, memberChanges } = splitGroupPatch(parsePatchRequest(body));
  const row = await inTransaction(ctx.db, async (tx) => {
    const before = await findDirectoryGroup(tx, { directoryId: ctx.directory.id, id, lock: true });
    if (!before) throw resourceNotFound("Group", id);
    assertIfMatch(ifMatch, before.version);
    const next =
      attributeOps.length > 0
        ? normalizeResource(
            "Group",
            applyPatch(
              "Group",
              currentGroupState(before),
              attributeOps,
              profileFor(ctx.directory.type).patch,
            ),
          )
        : undefined;
    const changed = await applyMemberChanges(tx, before, memberChanges);
    return saveGroupState(tx, before, next, changed > 0);
  });
  return { version: String(row.version) };
}
