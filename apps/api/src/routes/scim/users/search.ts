import { listResponse, parseSearchRequest } from "@dsync/scim";
import { listScimUsersPage } from "@dsync/services";
import type { AppDeps } from "../../../deps";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";
import { projectAll } from "../project-all";
import { scimJson } from "../respond";

/** `POST /Users/.search`: the list query in a body, keeping filters out of URLs (RFC 7644 §3.4.3). */
export function registerSearchUsers(app: ScimApp, deps: AppDeps): void {
  const limits = { maxResults: deps.config.scimMaxResults };
  app.post("/:directoryId/Users/.search", async (c) => {
    const query = parseSearchRequest(await readScimJson(c), limits);
    const page = await listScimUsersPage(c.get("scim"), query);
    const resources = projectAll("User", page.resources, query);
    return scimJson(c, listResponse(resources, page.totalResults, page.startIndex));
  });
}
