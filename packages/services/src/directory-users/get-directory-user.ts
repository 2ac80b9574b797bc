import { type DirectoryUserWithGroups, notFound } from "@dsync/core";
import { type Db, findDirectoryUserById } from "@dsync/db";
import { withGroups } from "./with-groups";

/** One directory user by id with its groups; NOT_FOUND when absent. */
export async function getDirectoryUser(
  db: Db,
  params: { id: string },
): Promise<DirectoryUserWithGroups> {
  const row = await findDirectoryUserById(db, { id: params.id });
  if (!row) throw notFound("Directory user");
  const [user] = await withGroups(db, row.directoryId, [row]);
  return user!;
}
