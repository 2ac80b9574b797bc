import { listDirectoryUsers } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { queryParams } from "../../validate";
import { oneCursor, oneCursorMessage, pageQueryFields } from "../page-query";

/** Query of `GET /directory_users`: exactly one of `directory` or `group`, plus paging. */
export const ListDirectoryUsersQuery = z
  .object({
    directory: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
    ...pageQueryFields,
  })
  .refine((q) => (q.directory === undefined) !== (q.group === undefined), {
    message: "give either directory or group",
    path: ["directory"],
  })
  .refine(oneCursor, oneCursorMessage);
export type ListDirectoryUsersQuery = z.infer<typeof ListDirectoryUsersQuery>;

/** `GET /directory_users` → WorkOS list of directory users, each with its `groups`. */
export function registerListDirectoryUsers(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) => {
    const { directory, group, ...page } = queryParams(c, ListDirectoryUsersQuery);
    const scope = group !== undefined ? { groupId: group } : { directoryId: directory! };
    return c.json(await listDirectoryUsers(deps.db, { ...page, ...scope }));
  });
}
