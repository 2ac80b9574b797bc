import { groupDeleted } from "@dsync/core";
import { deleteDirectoryGroup, findDirectoryGroup } from "@dsync/db";
import { toDirectoryGroup } from "../../directory-objects";
import { recordEvents } from "../../events/record-events";
import { inTransaction } from "../../transaction";
import { assertIfMatch, resourceNotFound, type ScimContext } from "../context";

/**
 * SCIM `DELETE /Groups/{id}`: removes the group and its memberships with a single
 * `dsync.group.deleted` (not one removal event per member: the group itself is gone).
 */
export async function deleteScimGroup(
  ctx: ScimContext,
  id: string,
  ifMatch?: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const before = await findDirectoryGroup(tx, { directoryId: ctx.directory.id, id, lock: true });
    if (!before) throw resourceNotFound("Group", id);
    assertIfMatch(ifMatch, before.version);
    await deleteDirectoryGroup(tx, { directoryId: ctx.directory.id, id });
    await recordEvents(tx, [groupDeleted(toDirectoryGroup(before))]);
  });
}
