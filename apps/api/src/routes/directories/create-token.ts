import { createDirectoryToken } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `POST /directories/:id/tokens` → 201 with the new bearer token (shown once); 409 past two. */
export function registerCreateDirectoryToken(app: ApiApp, deps: AppDeps): void {
  app.post("/:id/tokens", async (c) =>
    c.json(await createDirectoryToken(deps.db, { directoryId: c.req.param("id") }), 201),
  );
}
