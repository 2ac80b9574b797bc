import { getDirectory } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `GET /directories/:id` → directory (never token material), or 404. */
export function registerGetDirectory(app: ApiApp, deps: AppDeps): void {
  app.get("/:id", async (c) => c.json(await getDirectory(deps.db, { id: c.req.param("id") })));
}
