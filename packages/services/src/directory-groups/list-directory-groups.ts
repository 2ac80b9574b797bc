import { type DirectoryGroup, notFound } from "@dsync/core";
import { type Db, findDirectory, findDirectoryUserById, listDirectoryGroupsPage } from "@dsync/db";
import { toDirectoryGroup } from "../directory-objects";
import { toIdPage } from "../id-page";
import type { ListPageParams, ListResponse } from "../organizations/list-organizations";

/** Which groups to list: those of a directory, or those a user belongs to. */
export type ListDirectoryGroupsParams = ListPageParams &
  ({ directoryId: string; userId?: undefined } | { userId: string; directoryId?: undefined });

/** One WorkOS list page of directory groups; NOT_FOUND for an unknown directory or user. */
export async function listDirectoryGroups(
  db: Db,
  params: ListDirectoryGroupsParams,
): Promise<ListResponse<DirectoryGroup>> {
  let directoryId: string;
  if (params.userId !== undefined) {
    const user = await findDirectoryUserById(db, { id: params.userId });
    if (!user) throw notFound("Directory user");
    directoryId = user.directoryId;
  } else {
    if (!(await findDirectory(db, { id: params.directoryId }))) throw notFound("Directory");
    directoryId = params.directoryId;
  }
  const rows = await listDirectoryGroupsPage(db, { ...params, directoryId });
  return toIdPage(rows, params, (page) => page.map(toDirectoryGroup));
}
