import { etagOf, patchScimGroup } from "@dsync/services";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";

/** `PATCH /Groups/{id}` → 204 with the new ETag (RFC 7644 §3.5.2 allows 204). */
export function registerPatchGroup(app: ScimApp): void {
  app.patch("/:directoryId/Groups/:id", async (c) => {
    const { version } = await patchScimGroup(
      c.get("scim"),
      c.req.param("id"),
      await readScimJson(c),
      c.req.header("if-match"),
    );
    c.header("ETag", etagOf(Number(version)));
    return c.body(null, 204);
  });
}
