import { userDeleted, userRemovedFromGroup } from "@dsync/core";
import { deleteDirectoryUser, findDirectoryUser, listGroupsOfUser } from "@dsync/db";
import { toDirectoryGroup, toDirectoryUser } from "../../directory-objects";
import { recordEvents } from "../../events/record-events";
import { inTransaction } from "../../transaction";
import { assertIfMatch, resourceNotFound, type ScimContext } from "../context";

/**
 * SCIM `DELETE /Users/{id}`: removes the user and its memberships. Applications see one
 * `dsync.group.user_removed` per group it was in, then `dsync.user.deleted`, so a membership
 * view built from events never keeps a member that no longer exists.
 */
export async function deleteScimUser(
  ctx: ScimContext,
  id: string,
  ifMatch?: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const before = await findDirectoryUser(tx, { directoryId: ctx.directory.id, id, lock: true });
    if (!before) throw resourceNotFound("User", id);
    assertIfMatch(ifMatch, before.version);
    const groups = await listGroupsOfUser(tx, { directoryId: ctx.directory.id, userId: id });
    await deleteDirectoryUser(tx, { directoryId: ctx.directory.id, id });
    const user = toDirectoryUser(before);
    await recordEvents(tx, [
      ...groups.map((g) => userRemovedFromGroup(user, toDirectoryGroup(g))),
      userDeleted(user),
    ]);
  });
}
