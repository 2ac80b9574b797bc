import { type DirectoryGroup, notFound } from "@dsync/core";
import { type Db, findDirectoryGroupById } from "@dsync/db";
import { toDirectoryGroup } from "../directory-objects";

/** One directory group by id; NOT_FOUND when absent. */
export async function getDirectoryGroup(db: Db, params: { id: string }): Promise<DirectoryGroup> {
  const row = await findDirectoryGroupById(db, { id: params.id });
  if (!row) throw notFound("Directory group");
  return toDirectoryGroup(row);
}
