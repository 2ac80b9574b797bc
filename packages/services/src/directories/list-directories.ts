import type { DirectoryWithMetadata } from "@dsync/core";
import { type Db, listDirectoriesPage } from "@dsync/db";
import { toIdPage } from "../id-page";
import type { ListPageParams, ListResponse } from "../organizations/list-organizations";
import { withDirectoryMetadata } from "./directory-metadata";

/** Filters of `listDirectories`: one organization, and a case-insensitive name substring. */
export interface ListDirectoriesParams extends ListPageParams {
  organizationId?: string;
  search?: string;
}

/** One WorkOS list page of directories, each with its user and group counts. */
export async function listDirectories(
  db: Db,
  params: ListDirectoriesParams,
): Promise<ListResponse<DirectoryWithMetadata>> {
  const rows = await listDirectoriesPage(db, params);
  const page = toIdPage(rows, params, (r) => r);
  return { ...page, data: await withDirectoryMetadata(db, page.data) };
}
