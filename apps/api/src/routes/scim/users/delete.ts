import { deleteScimUser } from "@dsync/services";
import type { ScimApp } from "../env";

/** `DELETE /Users/{id}` → 204. */
export function registerDeleteUser(app: ScimApp): void {
  app.delete("/:directoryId/Users/:id", async (c) => {
    await deleteScimUser(c.get("scim"), c.req.param("id"), c.req.header("if-match"));
    return c.body(null, 204);
  });
}
