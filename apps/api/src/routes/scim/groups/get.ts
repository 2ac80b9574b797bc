import { getScimGroup, matchesIfNoneMatch } from "@dsync/services";
import type { ScimApp } from "../env";
import { includesMembers, projectionOf, scimResource } from "../respond";

/** `GET /Groups/{id}`; members are read only when the response includes them. */
export function registerGetGroup(app: ScimApp): void {
  app.get("/:directoryId/Groups/:id", async (c) => {
    const result = await getScimGroup(c.get("scim"), c.req.param("id"), {
      includeMembers: includesMembers(projectionOf(c)),
    });
    if (matchesIfNoneMatch(c.req.header("if-none-match"), Number(result.version))) {
      return c.body(null, 304);
    }
    return scimResource(c, "Group", result);
  });
}
