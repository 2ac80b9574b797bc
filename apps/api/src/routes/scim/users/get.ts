import { getScimUser, matchesIfNoneMatch } from "@dsync/services";
import type { ScimApp } from "../env";
import { scimResource } from "../respond";

/** `GET /Users/{id}`; 304 when If-None-Match names the current version. */
export function registerGetUser(app: ScimApp): void {
  app.get("/:directoryId/Users/:id", async (c) => {
    const result = await getScimUser(c.get("scim"), c.req.param("id"));
    if (matchesIfNoneMatch(c.req.header("if-none-match"), Number(result.version))) {
      return c.body(null, 304);
    }
    return scimResource(c, "User", result);
  });
}
