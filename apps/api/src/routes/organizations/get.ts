import { getOrganization } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `GET /organizations/:id` → organization, or 404. */
export function registerGetOrganization(app: ApiApp, deps: AppDeps): void {
  app.get("/:id", async (c) => c.json(await getOrganization(deps.db, { id: c.req.param("id") })));
}
