import { listWebhookEndpoints } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { queryParams } from "../../validate";
import { ListOrganizationsQuery } from "../organizations/list";

/** `GET /webhook_endpoints` → WorkOS list of endpoints, without secrets. */
export function registerListWebhookEndpoints(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) =>
    c.json(await listWebhookEndpoints(deps.db, queryParams(c, ListOrganizationsQuery))),
  );
}
