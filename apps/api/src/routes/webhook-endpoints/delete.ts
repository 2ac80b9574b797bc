import { deleteWebhookEndpoint } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `DELETE /webhook_endpoints/:id` → 204, or 404. */
export function registerDeleteWebhookEndpoint(app: ApiApp, deps: AppDeps): void {
  app.delete("/:id", async (c) => {
    await deleteWebhookEndpoint(deps.db, { id: c.req.param("id") });
    return c.body(null, 204);
  });
}
