import { createScimUser } from "@dsync/services";
import { readScimJson } from "../body";
import type { ScimApp } from "../env";
import { scimResource } from "../respond";

/** `POST /Users` → 201 with the stored user. */
export function registerCreateUser(app: ScimApp): void {
  app.post("/:directoryId/Users", async (c) => {
    const result = await createScimUser(c.get("scim"), await readScimJson(c));
    return scimResource(c, "User", result, 201);
  });
}
