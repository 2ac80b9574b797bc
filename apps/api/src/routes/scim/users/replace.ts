import { replaceScimUser } from "@dsync/services";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";
import { scimResource } from "../respond";

/** `PUT /Users/{id}`. */
export function registerReplaceUser(app: ScimApp): void {
  app.put("/:directoryId/Users/:id", async (c) => {
    const result = await replaceScimUser(
      c.get("scim"),
      c.req.param("id"),
      await readScimJson(c),
      c.req.header("if-match"),
    );
    return scimResource(c, "User", result);
  });
}
