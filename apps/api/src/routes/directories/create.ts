import { DIRECTORY_TYPES } from "@dsync/core";
import { createDirectory } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { jsonBody } from "../../validate";

/** Body of `POST /directories`. */
export const CreateDirectoryInput = z.object({
  organization_id: z.string().trim().min(1),
  name: z.string().trim().min(1).max(256),
  type: z.enum(DIRECTORY_TYPES),
});
export type CreateDirectoryInput = z.infer<typeof CreateDirectoryInput>;

/**
 * `POST /directories` → 201 directory in state `unlinked`; SCIM types also get
 * `scim: { endpoint, bearer_token }`, the token shown this once.
 */
export function registerCreateDirectory(app: ApiApp, deps: AppDeps): void {
  app.post("/", async (c) => {
    const input = await jsonBody(c, CreateDirectoryInput);
    const directory = await createDirectory(deps.db, {
      organizationId: input.organization_id,
      name: input.name,
      type: input.type,
      publicUrl: deps.config.publicUrl,
    });
    return c.json(directory, 201);
  });
}
