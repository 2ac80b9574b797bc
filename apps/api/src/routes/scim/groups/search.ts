import { listResponse, parseSearchRequest } from "@dsync/scim";
import { listScimGroupsPage } from "@dsync/services";
import type { AppDeps } from "../../../deps";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";
import { projectAll } from "../project-all";
import { includesMembers, scimJson } from "../respond";

/** `POST /Groups/.search`: the list query in a body, keeping filters out of URLs (RFC 7644 §3.4.3). */
export function registerSearchGroups(app: ScimApp, deps: AppDeps): void {
  const limits = { maxResults: deps.config.scimMaxResults };
  app.post("/:directoryId/Groups/.search", async (c) => {
    const query = parseSearchRequest(await readScimJson(c), limits);
    const page = await listScimGroupsPage(c.get("scim"), query, {
      includeMembers: includesMembers(query),
    });
    const resources = projectAll("Group", page.resources, query);
    return scimJson(c, listResponse(resources, page.totalResults, page.startIndex));
  });
}
