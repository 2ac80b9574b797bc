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
  let rows: Awaited<ReturnType<typeof listDirectoryUsersPage>>;
  if (params.groupId !== undefined) {
    const group = await findDirectoryGroupById(db, { id: params.groupId });
    if (!group) throw notFound("Directory group");
    directoryId = group.directoryId;
    rows = await listDirectoryUsersPage(db, { ...params, directoryId });
  } else {
    directoryId = params.directoryId;
    // The existence check and the page are independent reads: run them side by side (an
    // unknown directory simply has an empty page) to save a round trip on every page.
    const [directory, page] = await Promise.all([
      findDirectory(db, { id: directoryId }),
      listDirectoryUsersPage(db, { ...params, directoryId }),
    ]);
    if (!directory) throw notFound("Directory");
    rows = page;
  }
  const page = toIdPage(rows, params, (r) => r);
  return { ...page, data: await withGroups(db, directoryId, page.data) };
}
