import { patchScimUser } from "@dsync/services";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";
import { scimResource } from "../respond";

/** `PATCH /Users/{id}` → 200 with the resource (RFC 7644 §3.5.2). */
export function registerPatchUser(app: ScimApp): void {
  app.patch("/:directoryId/Users/:id", async (c) => {
    const result = await patchScimUser(
      c.get("scim"),
      c.req.param("id"),
      await readScimJson(c),
      c.req.header("if-match"),
    );
    return scimResource(c, "User", result);
  });
}
