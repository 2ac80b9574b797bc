import { bulkResponse } from "@dsync/scim";
import { processScimBulk } from "@dsync/services";
import type { AppDeps } from "../../deps";
import { readScimJson } from "./body";
import type { ScimApp } from "./env";
import { scimJson } from "./respond";

/** `POST /Bulk` (RFC 7644 §3.7): always 200 with one result per operation run. */
export function registerBulk(
  app: ScimApp,
  deps: AppDeps,
  log: (error: unknown) => void = console.error,
): void {
  app.post("/:directoryId/Bulk", async (c) => {
    const results = await processScimBulk(
      c.get("scim"),
      await readScimJson(c),
      { maxOperations: deps.config.scimMaxBulkOperations },
      log,
    );
    return scimJson(c, bulkResponse(results));
  });
}
