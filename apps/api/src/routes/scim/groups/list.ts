import { listResponse, parseListQuery } from "@dsync/scim";
import { listScimGroupsPage } from "@dsync/services";
import type { AppDeps } from "../../../deps";
import type { ScimApp } from "../env";
import { projectAll } from "../project-all";
import { includesMembers, projectionOf, scimJson } from "../respond";

/** `GET /Groups`; with `excludedAttributes=members` no membership row is read. */
export function registerListGroups(app: ScimApp, deps: AppDeps): void {
  const limits = { maxResults: deps.config.scimMaxResults };
  app.get("/:directoryId/Groups", async (c) => {
    const projection = projectionOf(c);
    const page = await listScimGroupsPage(c.get("scim"), parseListQuery(c.req.query(), limits), {
      includeMembers: includesMembers(projection),
    });
    return scimJson(
      c,
      listResponse(
        projectAll("Group", page.resources, projection),
        page.totalResults,
        page.startIndex,
      ),
    );
  });
}
