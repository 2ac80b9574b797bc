import { notFound } from "@dsync/core";
import { type Db, deleteDirectoryToken } from "@dsync/db";

/** Revokes (deletes) one token of one directory; NOT_FOUND when it is not that directory's. */
export async function revokeDirectoryToken(
  db: Db,
  params: { directoryId: string; tokenId: string },
): Promise<void> {
  const deleted = await deleteDirectoryToken(db, {
    directoryId: params.directoryId,
    id: params.tokenId,
  });
  if (!deleted) throw notFound("Directory token");
}
