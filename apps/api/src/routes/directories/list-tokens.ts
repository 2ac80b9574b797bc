import { listDirectoryTokens } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `GET /directories/:id/tokens` → the live tokens' ids and prefixes, never secrets. */
export function registerListDirectoryTokens(app: ApiApp, deps: AppDeps): void {
  app.get("/:id/tokens", async (c) =>
    c.json(await listDirectoryTokens(deps.db, { directoryId: c.req.param("id") })),
  );
}
