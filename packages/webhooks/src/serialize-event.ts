import type { RenderedEvent } from "@dsync/core";

/**
 * The exact body of a webhook delivery: compact JSON of the WorkOS event envelope in a fixed
 * key order. The signature covers these bytes, so callers must send this string unchanged.
 */
export function serializeEvent(event: RenderedEvent): string {
  return JSON.stringify({
    id: event.id,
    object: "event",
    event: event.event,
    data: event.data,
    created_at: event.created_at,
  });
}
