import { replaceScimGroup } from "@dsync/services";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";
import { scimResource } from "../respond";

/** `PUT /Groups/{id}`. */
export function registerReplaceGroup(app: ScimApp): void {
  app.put("/:directoryId/Groups/:id", async (c) => {
    const result = await replaceScimGroup(
      c.get("scim"),
      c.req.param("id"),
      await readScimJson(c),
      c.req.header("if-match"),
    );
    return scimResource(c, "Group", result);
  });
}
