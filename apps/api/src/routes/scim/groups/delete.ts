import { deleteScimGroup } from "@dsync/services";
import type { ScimApp } from "../env";

/** `DELETE /Groups/{id}` → 204. */
export function registerDeleteGroup(app: ScimApp): void {
  app.delete("/:directoryId/Groups/:id", async (c) => {
    await deleteScimGroup(c.get("scim"), c.req.param("id"), c.req.header("if-match"));
    return c.body(null, 204);
  });
}
