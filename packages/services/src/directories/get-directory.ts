import { type DirectoryWithMetadata, notFound } from "@dsync/core";
import { type Db, findDirectory } from "@dsync/db";
import { withDirectoryMetadata } from "./directory-metadata";

/** One directory by id with its user and group counts (no token material); NOT_FOUND when absent. */
export async function getDirectory(db: Db, params: { id: string }): Promise<DirectoryWithMetadata> {
  const row = await findDirectory(db, { id: params.id });
  if (!row) throw notFound("Directory");
  const [directory] = await withDirectoryMetadata(db, [row]);
  return directory!;
}
