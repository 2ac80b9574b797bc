import { getWebhookEndpoint } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `GET /webhook_endpoints/:id` → endpoint without its secret, or 404. */
export function registerGetWebhookEndpoint(app: ApiApp, deps: AppDeps): void {
  app.get("/:id", async (c) =>
    c.json(await getWebhookEndpoint(deps.db, { id: c.req.param("id") })),
  );
}
