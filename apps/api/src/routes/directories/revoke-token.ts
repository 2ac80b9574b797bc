import { revokeDirectoryToken } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `DELETE /directories/:id/tokens/:tokenId` → 204; the token stops working at once. */
export function registerRevokeDirectoryToken(app: ApiApp, deps: AppDeps): void {
  app.delete("/:id/tokens/:tokenId", async (c) => {
    await revokeDirectoryToken(deps.db, {
      directoryId: c.req.param("id"),
      tokenId: c.req.param("tokenId"),
    });
    return c.body(null, 204);
  });
}
