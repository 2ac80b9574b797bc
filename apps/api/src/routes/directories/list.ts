import { listDirectories } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { queryParams } from "../../validate";
import { oneCursor, oneCursorMessage, pageQueryFields } from "../page-query";

/** Query of `GET /directories` (WorkOS `listDirectories`). */
export const ListDirectoriesQuery = z
  .object({
    organization_id: z.string().min(1).optional(),
    search: z.string().min(1).max(256).optional(),
    ...pageQueryFields,
  })
  .refine(oneCursor, oneCursorMessage);
export type ListDirectoriesQuery = z.infer<typeof ListDirectoriesQuery>;

/** `GET /directories` → WorkOS list of directories with their `metadata` counts. */
export function registerListDirectories(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) => {
    const { organization_id, ...query } = queryParams(c, ListDirectoriesQuery);
    return c.json(await listDirectories(deps.db, { ...query, organizationId: organization_id }));
  });
}
