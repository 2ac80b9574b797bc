import { createScimGroup } from "@dsync/services";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";
import { scimResource } from "../respond";

/** `POST /Groups` → 201 with the stored group and its members. */
export function registerCreateGroup(app: ScimApp): void {
  app.post("/:directoryId/Groups", async (c) => {
    const result = await createScimGroup(c.get("scim"), await readScimJson(c));
    return scimResource(c, "Group", result, 201);
  });
}
