import type { DirectoryUserWithGroups } from "@dsync/core";
import { type Db, type DirectoryUserRow, listGroupsOfUsers } from "@dsync/db";
import { toDirectoryGroup, toDirectoryUser } from "../directory-objects";

/** Renders users of one directory with their `groups`, loading every user's groups in one query. */
export async function withGroups(
  db: Db,
  directoryId: string,
  rows: DirectoryUserRow[],
): Promise<DirectoryUserWithGroups[]> {
  const groups = await listGroupsOfUsers(db, { directoryId, userIds: rows.map((r) => r.id) });
  return rows.map((row) => ({
    ...toDirectoryUser(row),
    groups: (groups.get(row.id) ?? []).map(toDirectoryGroup),
  }));
}
