import { revokeApiKey } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `DELETE /api_keys/:id` → 204; the key stops working at once. 404 if unknown or revoked. */
export function registerRevokeApiKey(app: ApiApp, deps: AppDeps): void {
  app.delete("/:id", async (c) => {
    await revokeApiKey(deps.db, { id: c.req.param("id") });
    return c.body(null, 204);
  });
}
