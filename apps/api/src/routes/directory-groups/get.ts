import { getDirectoryGroup } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `GET /directory_groups/:id` → directory group, or 404. */
export function registerGetDirectoryGroup(app: ApiApp, deps: AppDeps): void {
  app.get("/:id", async (c) => c.json(await getDirectoryGroup(deps.db, { id: c.req.param("id") })));
}
