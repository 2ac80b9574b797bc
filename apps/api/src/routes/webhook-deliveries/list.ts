import { listWebhookDeliveries, WEBHOOK_DELIVERY_STATUSES } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { queryParams } from "../../validate";
import { oneCursor, oneCursorMessage, pageQueryFields } from "../page-query";

/** Query of `GET /webhook_deliveries`: optional endpoint, event and status filters, plus paging. */
export const ListWebhookDeliveriesQuery = z
  .object({
    webhook_endpoint_id: z.string().min(1).optional().describe("Only this endpoint's deliveries."),
    event_id: z.string().min(1).optional().describe("Only deliveries of this event."),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
    ...pageQueryFields,
  })
  .refine(oneCursor, oneCursorMessage);
export type ListWebhookDeliveriesQuery = z.infer<typeof ListWebhookDeliveriesQuery>;

/** `GET /webhook_deliveries` → WorkOS list of deliveries, newest first by default. */
export function registerListWebhookDeliveries(app: ApiApp, deps: AppDeps): void {
  app.get("/", async (c) => {
    const { webhook_endpoint_id, event_id, status, ...page } = queryParams(
      c,
      ListWebhookDeliveriesQuery,
    );
    return c.json(
      await listWebhookDeliveries(deps.db, {
        ...page,
        ...(webhook_endpoint_id !== undefined && { endpointId: webhook_endpoint_id }),
        ...(event_id !== undefined && { eventId: event_id }),
        ...(status !== undefined && { status }),
      }),
    );
  });
}
