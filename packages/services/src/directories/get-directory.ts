import { type Directory, notFound } from "@dsync/core";
import { type Db, findDirectory } from "@dsync/db";
import { toDirectory } from "./to-directory";

/** One directory by id (no token material); NOT_FOUND when it does not exist. */
export async function getDirectory(db: Db, params: { id: string }): Promise<Directory> {
  const row = await findDirectory(db, { id: params.id });
  if (!row) throw notFound("Directory");
  return toDirectory(row, row.organizationDomains);
}
