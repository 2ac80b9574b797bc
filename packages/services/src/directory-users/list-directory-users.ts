import { type DirectoryUserWithGroups, notFound } from "@dsync/core";
import { type Db, findDirectory, findDirectoryGroupById, listDirectoryUsersPage } from "@dsync/db";
import { toIdPage } from "../id-page";
import type { ListPageParams, ListResponse } from "../organizations/list-organizations";
import { withGroups } from "./with-groups";

/** Which users to list: those of a directory, or the members of a group. */
export type ListDirectoryUsersParams = ListPageParams &
  ({ directoryId: string; groupId?: undefined } | { groupId: string; directoryId?: undefined });

/** One WorkOS list page of directory users with their groups; NOT_FOUND for an unknown directory or group. */
export async function listDirectoryUsers(
  db: Db,
  params: ListDirectoryUsersParams,
): Promise<ListResponse<DirectoryUserWithGroups>> {
  let directoryId: string;
  if (params.groupId !== undefined) {
    const group = await findDirectoryGroupById(db, { id: params.groupId });
    if (!group) throw notFound("Directory group");
    directoryId = group.directoryId;
  } else {
    if (!(await findDirectory(db, { id: params.directoryId }))) throw notFound("Directory");
    directoryId = params.directoryId;
  }
  const rows = await listDirectoryUsersPage(db, { ...params, directoryId });
  const page = toIdPage(rows, params, (r) => r);
  return { ...page, data: await withGroups(db, directoryId, page.data) };
}
