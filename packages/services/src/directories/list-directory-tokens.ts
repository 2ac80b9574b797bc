import { notFound } from "@dsync/core";
import { type Db, findDirectory, listDirectoryTokens as selectDirectoryTokens } from "@dsync/db";
import type { ListResponse } from "../organizations/list-organizations";
import { type DirectoryTokenObject, toDirectoryToken } from "./issue-scim-token";

/** The live tokens of a directory, without secrets; NOT_FOUND for an unknown directory. */
export async function listDirectoryTokens(
  db: Db,
  params: { directoryId: string },
): Promise<ListResponse<DirectoryTokenObject>> {
  const directory = await findDirectory(db, { id: params.directoryId });
  if (!directory) throw notFound("Directory");
  const rows = await selectDirectoryTokens(db, { directoryId: directory.id });
  return {
    object: "list",
    data: rows.map(toDirectoryToken),
    // At most two tokens exist, so there is never another page.
    list_metadata: { before: null, after: null },
  };
}
