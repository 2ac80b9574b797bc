import { z } from "zod";

/**
 * WorkOS pagination query fields: `limit` 1–100 (default 10), `order` by creation time (ids are
 * time-sortable) with WorkOS's default `desc`; `normal` is WorkOS's name for that default order.
 */
export const pageQueryFields = {
  limit: z.coerce.number().int().min(1).max(100).default(10),
  order: z
    .enum(["asc", "desc", "normal"])
    .default("desc")
    .transform((order) => (order === "asc" ? "asc" : "desc") as "asc" | "desc"),
  before: z.string().min(1).optional(),
  after: z.string().min(1).optional(),
};

/** Refuses `before` together with `after`: one cursor names one place in the list. */
export function oneCursor(q: { before?: string; after?: string }): boolean {
  return q.before === undefined || q.after === undefined;
}

export const oneCursorMessage = {
  message: "give either before or after, not both",
  path: ["before"],
};
