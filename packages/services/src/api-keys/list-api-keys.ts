import { type Db, listApiKeys as selectApiKeys } from "@dsync/db";
import { toIdPage } from "../id-page";
import type { ListPageParams, ListResponse } from "../organizations/list-organizations";
import { type ApiKeyObject, toApiKey } from "./to-api-key";

/** One page of live API keys, WorkOS list shape, without secrets. */
export async function listApiKeys(
  db: Db,
  params: ListPageParams,
): Promise<ListResponse<ApiKeyObject>> {
  const rows = await selectApiKeys(db, params);
  return toIdPage(rows, params, (page) => page.map(toApiKey));
}
