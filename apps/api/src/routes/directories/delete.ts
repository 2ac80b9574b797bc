import { deleteDirectory } from "@dsync/services";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";

/** `DELETE /directories/:id` → 202; emits `dsync.deleted` and removes everything in it. */
export function registerDeleteDirectory(app: ApiApp, deps: AppDeps): void {
  app.delete("/:id", async (c) => {
    const id = c.req.param("id");
    await deleteDirectory(deps.db, { id });
    return c.json({ object: "directory", id, state: "deleting" }, 202);
  });
}
