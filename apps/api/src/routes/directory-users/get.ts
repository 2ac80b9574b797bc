import { getDirectoryUser } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `GET /directory_users/:id` → directory user with its `groups`, or 404. */
export function registerGetDirectoryUser(app: ApiApp, deps: AppDeps): void {
  app.get("/:id", async (c) => c.json(await getDirectoryUser(deps.db, { id: c.req.param("id") })));
}
