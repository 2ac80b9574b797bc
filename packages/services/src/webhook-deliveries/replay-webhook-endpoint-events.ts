import { DsyncError, notFound } from "@dsync/core";
import { type Db, findWebhookEndpoint, replayWebhookDeliveriesInRange } from "@dsync/db";
import { inTransaction } from "../transaction";

/** The answer to a range replay: how many deliveries are now due. */
export interface WebhookReplayObject {
  object: "webhook_replay";
  webhook_endpoint_id: string;
  range_start: string;
  range_end: string;
  deliveries: number;
}

/**
 * Replays to an enabled endpoint every still-retained event of `[rangeStart, rangeEnd)` it
 * subscribes to, including events it never had a delivery for (it was disabled or newer).
 */
export async function replayWebhookEndpointEvents(
  db: Db,
  params: { endpointId: string; rangeStart: Date; rangeEnd: Date },
): Promise<WebhookReplayObject> {
  if (params.rangeEnd <= params.rangeStart) {
    throw new DsyncError("VALIDATION", "range_end must be after range_start.", {
      errors: [{ field: "range_end", code: "invalid" }],
    });
  }
  const count = await inTransaction(db, async (tx) => {
    const endpoint = await findWebhookEndpoint(tx, { id: params.endpointId });
    if (!endpoint) throw notFound("Webhook endpoint");
    if (endpoint.status !== "enabled") {
      throw new DsyncError(
        "CONFLICT",
        "The webhook endpoint is disabled; enable it before replaying events to it.",
      );
    }
    return replayWebhookDeliveriesInRange(tx, params);
  });
  return {
    object: "webhook_replay",
    webhook_endpoint_id: params.endpointId,
    range_start: params.rangeStart.toISOString(),
    range_end: params.rangeEnd.toISOString(),
    deliveries: count,
  };
}
