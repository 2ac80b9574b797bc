import { listResponse, parseListQuery } from "@dsync/scim";
import { listScimUsersPage } from "@dsync/services";
import type { AppDeps } from "../../../deps";
import type { ScimApp } from "../env";
import { projectAll } from "../project-all";
import { projectionOf, scimJson } from "../respond";

/** `GET /Users`: filter, sort and page (RFC 7644 §3.4.2). */
export function registerListUsers(app: ScimApp, deps: AppDeps): void {
  const limits = { maxResults: deps.config.scimMaxResults };
  app.get("/:directoryId/Users", async (c) => {
    const page = await listScimUsersPage(c.get("scim"), parseListQuery(c.req.query(), limits));
    const resources = projectAll("User", page.resources, projectionOf(c));
    return scimJson(c, listResponse(resources, page.totalResults, page.startIndex));
  });
}
