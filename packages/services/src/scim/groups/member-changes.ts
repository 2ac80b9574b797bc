import { userAddedToGroup, userRemovedFromGroup } from "@dsync/core";
import {
  addGroupMembers,
  type Db,
  type DirectoryGroupRow,
  type DirectoryUserRow,
  findDirectoryUsersByIds,
  listGroupMemberIds,
  removeGroupMembers,
} from "@dsync/db";
import { type MemberChange, type MemberRef, ScimError } from "@dsync/scim";
import { toDirectoryGroup, toDirectoryUser } from "../../directory-objects";
import { recordEvents } from "../../events/record-events";

function uniqueIds(members: MemberRef[]): string[] {
  return [...new Set(members.map((m) => m.value))];
}

/**
 * Users of this directory for the given member ids. An id that is not a user here is a 400:
 * silently dropping it would lose the membership for good, while an error makes the provider
 * retry once the user exists (out-of-order pushes converge).
 */
async function requireUsers(
  tx: Db,
  directoryId: string,
  ids: string[],
): Promise<Map<string, DirectoryUserRow>> {
  const rows = await findDirectoryUsersByIds(tx, { directoryId, ids });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(", ");
    throw new ScimError(
      400,
      `Member${unknown.length > 1 ? "s" : ""} not found in this directory: ${shown}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ""}.`,
      "invalidValue",
    );
  }
  return byId;
}

async function add(tx: Db, group: DirectoryGroupRow, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const users = await requireUsers(tx, group.directoryId, ids);
  const added = await addGroupMembers(tx, {
    directoryId: group.directoryId,
    groupId: group.id,
    userIds: ids,
  });
  const groupObject = toDirectoryGroup(group);
  await recordEvents(
    tx,
    added.map((id) => userAddedToGroup(toDirectoryUser(users.get(id)!), groupObject)),
  );
  return added.length;
}

async function remove(tx: Db, group: DirectoryGroupRow, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const removed = await removeGroupMembers(tx, {
    directoryId: group.directoryId,
    groupId: group.id,
    userIds: ids,
  });
  if (removed.length === 0) return 0;
  const users = await findDirectoryUsersByIds(tx, { directoryId: group.directoryId, ids: removed });
  const groupObject = toDirectoryGroup(group);
  await recordEvents(
    tx,
    users.map((user) => userRemovedFromGroup(toDirectoryUser(user), groupObject)),
  );
  return removed.length;
}

/**
 * Applies membership changes as row inserts and deletes, in request order, emitting one
 * event per membership that really changed. Returns how many memberships changed. Cost is
 * proportional to the change, never to the group's size, except for a full replace.
 */
export async function applyMemberChanges(
  tx: Db,
  group: DirectoryGroupRow,
  changes: MemberChange[],
): Promise<number> {
  let changed = 0;
  for (const change of changes) {
    if (change.kind === "add") {
      changed += await add(tx, group, uniqueIds(change.members));
    } else if (change.kind === "remove") {
      changed += await remove(tx, group, [...new Set(change.ids)]);
    } else {
      const wanted = change.kind === "replace" ? uniqueIds(change.members) : [];
      const current = await listGroupMemberIds(tx, {
        directoryId: group.directoryId,
        groupId: group.id,
      });
      const wantedSet = new Set(wanted);
      const currentSet = new Set(current);
      changed += await remove(
        tx,
        group,
        current.filter((id) => !wantedSet.has(id)),
      );
      changed += await add(
        tx,
        group,
        wanted.filter((id) => !currentSet.has(id)),
      );
    }
  }
  return changed;
}
