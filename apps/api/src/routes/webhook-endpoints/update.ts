import { updateWebhookEndpoint, WEBHOOK_ENDPOINT_STATUSES } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { jsonBody } from "../../validate";
import { EndpointEvents, EndpointUrl } from "./create";

/** Body of `PATCH /webhook_endpoints/:id`: any of the fields; omitted ones are kept. */
export const UpdateWebhookEndpointInput = z.object({
  endpoint_url: EndpointUrl.optional(),
  events: EndpointEvents.optional(),
  status: z.enum(WEBHOOK_ENDPOINT_STATUSES).optional(),
});
export type UpdateWebhookEndpointInput = z.infer<typeof UpdateWebhookEndpointInput>;

/** `PATCH /webhook_endpoints/:id` → the updated endpoint (no secret), or 404. */
export function registerUpdateWebhookEndpoint(app: ApiApp, deps: AppDeps): void {
  app.patch("/:id", async (c) => {
    const input = await jsonBody(c, UpdateWebhookEndpointInput);
    const updated = await updateWebhookEndpoint(deps.db, {
      id: c.req.param("id"),
      ...(input.endpoint_url !== undefined && { endpointUrl: input.endpoint_url }),
      ...(input.events !== undefined && { events: input.events }),
      ...(input.status !== undefined && { status: input.status }),
    });
    return c.json(updated);
  });
}
