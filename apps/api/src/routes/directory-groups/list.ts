import { listDirectoryGroups } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { queryParams } from "../../validate";
import { oneCursor, oneCursorMessage, pageQueryFields } from "../page-query";

/** Query of `GET /directory_groups`: exactly one of `directory` or `user`, plus paging. */
export const ListDirectoryGroupsQuery = z
  .object({
    directory: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    ...pageQueryFields,
  })
  .refine((q) => (q.directory === undefined) !== (q.user === undefined), {
    message: "give either directory or user",
    path: ["directory"],
  })
  .refine(oneCursor, oneCursorMessage);
export type ListDirectoryGroupsQuery = z.infer<typeof ListDirectoryGroupsQuery>;

/** `GET /directory_groups` → WorkOS list of directory groups. */
export function registerListDirectoryGroups(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) => {
    const { directory, user, ...page } = queryParams(c, ListDirectoryGroupsQuery);
    const scope = user !== undefined ? { userId: user } : { directoryId: directory! };
    return c.json(await listDirectoryGroups(deps.db, { ...page, ...scope }));
  });
}
