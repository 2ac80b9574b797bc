import { DsyncError, EVENT_TYPES } from "@dsync/core";
import { listEvents } from "@dsync/services";
import type { Context } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp, ApiEnv } from "../../env";

// ISO 8601 with an offset, or a bare date (the WorkOS SDK's own examples send `2020-05-04`).
const timestamp = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "must be an ISO 8601 timestamp such as 2024-01-31T12:00:00Z",
  })
  .transform((value) => new Date(value));

/** Query of `GET /events`; `events` arrives as a list already (see `eventNames`). */
export const ListEventsQuery = z
  .object({
    events: z.array(z.enum(EVENT_TYPES)).min(1),
    limit: z.coerce.number().int().min(1).max(100).default(10),
    after: z.string().min(1).optional(),
    organization_id: z.string().min(1).optional(),
    range_start: timestamp.optional(),
    range_end: timestamp.optional(),
    // The log is read in commit order only: a descending walk could not promise "no skips".
    order: z
      .literal("asc", { error: "events are listed oldest first; only order=asc is supported" })
      .optional(),
  })
  .refine(
    (q) => !q.range_start || !q.range_end || q.range_start.getTime() < q.range_end.getTime(),
    { message: "range_start must be before range_end", path: ["range_start"] },
  );
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

/**
 * Every requested event name, from all three spellings clients use: `events=a,b` (what the
 * WorkOS SDK sends: URLSearchParams joins its array with commas), `events[]=a&events[]=b` and
 * `events=a&events=b`.
 */
function eventNames(c: Context<ApiEnv>): string[] {
  const values = [...(c.req.queries("events") ?? []), ...(c.req.queries("events[]") ?? [])];
  return values
    .flatMap((value) => value.split(","))
    .map((name) => name.trim())
    .filter(Boolean);
}

/** `GET /events` → WorkOS list of events after the `after` cursor, oldest first. */
export function registerListEvents(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) => {
    const events = eventNames(c);
    if (events.length === 0) {
      // WorkOS's own answer when the filter is missing: a 422 naming the field.
      throw new DsyncError("VALIDATION", "Validation failed: events is required.", {
        errors: [{ code: "required", field: "events" }],
      });
    }
    const query = ListEventsQuery.parse({ ...c.req.query(), events });
    return c.json(
      await listEvents(deps.db, {
        events: query.events,
        limit: query.limit,
        after: query.after,
        organizationId: query.organization_id,
        rangeStart: query.range_start,
        rangeEnd: query.range_end,
        retentionDays: deps.config.eventRetentionDays,
      }),
    );
  });
}
