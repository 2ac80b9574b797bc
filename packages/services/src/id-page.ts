import type { ListPageParams, ListResponse } from "./organizations/list-organizations";

/**
 * Shapes `limit + 1` rows read in page order (see the db `idPage`) into a WorkOS list.
 * `list_metadata` follows WorkOS: `after` is the last id when more rows follow (the SDK's
 * auto-pagination follows it until null); `before` is the first id when rows precede.
 */
export function toIdPage<R extends { id: string }, T>(
  rows: R[],
  params: ListPageParams,
  render: (rows: R[]) => T[],
): ListResponse<T> {
  const hasMore = rows.length > params.limit;
  const page = rows.slice(0, params.limit);
  const backwards = params.before !== undefined;
  if (backwards) page.reverse();
  const first = page[0]?.id ?? null;
  const last = page[page.length - 1]?.id ?? null;
  return {
    object: "list",
    data: render(page),
    list_metadata: backwards
      ? { before: hasMore ? first : null, after: last }
      : { before: params.after !== undefined ? first : null, after: hasMore ? last : null },
  };
}
