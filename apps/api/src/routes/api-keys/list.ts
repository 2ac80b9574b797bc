import { listApiKeys } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { queryParams } from "../../validate";
import { ListOrganizationsQuery } from "../organizations/list";

/** Query of `GET /api_keys`: the same WorkOS id-cursor paging as organizations. */
export const ListApiKeysQuery = ListOrganizationsQuery;
export type ListApiKeysQuery = ListOrganizationsQuery;

/** `GET /api_keys` → WorkOS list of live api keys, without secrets. */
export function registerListApiKeys(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) => c.json(await listApiKeys(deps.db, queryParams(c, ListApiKeysQuery))));
}
