import { listOrganizations } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { queryParams } from "../../validate";

/** Query of `GET /organizations` (WorkOS pagination: ids as cursors). */
export const ListOrganizationsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(10),
    order: z.enum(["asc", "desc"]).default("desc"),
    before: z.string().min(1).optional(),
    after: z.string().min(1).optional(),
  })
  .refine((q) => q.before === undefined || q.after === undefined, {
    message: "give either before or after, not both",
    path: ["before"],
  });
export type ListOrganizationsQuery = z.infer<typeof ListOrganizationsQuery>;

/** `GET /organizations` → WorkOS list of organizations. */
export function registerListOrganizations(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) => {
    const query = queryParams(c, ListOrganizationsQuery);
    return c.json(await listOrganizations(deps.db, query));
  });
}
