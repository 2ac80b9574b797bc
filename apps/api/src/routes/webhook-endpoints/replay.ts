import { replayWebhookEndpointEvents } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { jsonBody } from "../../validate";

// An instant with an explicit offset: a bare date or local time would mean a different range
// depending on the server's time zone.
const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 timestamp such as 2024-01-31T12:00:00Z" })
  .transform((value) => new Date(value));

/**
 * Body of `POST /webhook_endpoints/:id/replay`: the half-open range `[range_start, range_end)`
 * of event creation times. The service answers 422 unless `range_end` is after `range_start`.
 */
export const ReplayWebhookEndpointInput = z.object({
  range_start: instant.describe("Replay events created at or after this instant."),
  range_end: instant.describe("Replay events created before this instant."),
});
export type ReplayWebhookEndpointInput = z.infer<typeof ReplayWebhookEndpointInput>;

/**
 * `POST /webhook_endpoints/:id/replay` → 202 `webhook_replay` with how many deliveries are now
 * due; 404 for an unknown endpoint, 409 for a disabled one.
 */
export function registerReplayWebhookEndpointEvents(app: ApiApp, deps: AppDeps): void {
  app.post("/:id/replay", async (c) => {
    const input = await jsonBody(c, ReplayWebhookEndpointInput);
    const replay = await replayWebhookEndpointEvents(deps.db, {
      endpointId: c.req.param("id"),
      rangeStart: input.range_start,
      rangeEnd: input.range_end,
    });
    return c.json(replay, 202);
  });
}
