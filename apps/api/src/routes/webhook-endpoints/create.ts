import { EVENT_TYPES } from "@dsync/core";
import { createWebhookEndpoint } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { jsonBody } from "../../validate";

// Deliveries are POSTs to this URL; only http(s) can receive them.
export const EndpointUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2048);
/** Subscribed event names: known `dsync.*` types only, so a typo is a 422, not silence. */
export const EndpointEvents = z
  .array(z.enum(EVENT_TYPES))
  .min(1)
  .max(EVENT_TYPES.length * 2);

/** Body of `POST /webhook_endpoints`. */
export const CreateWebhookEndpointInput = z.object({
  endpoint_url: EndpointUrl,
  events: EndpointEvents,
  organization_id: z.string().min(1).optional(),
});
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInput>;

/** `POST /webhook_endpoints` → 201 endpoint with its signing `secret`, shown only here. */
export function registerCreateWebhookEndpoint(app: ApiApp, deps: AppDeps): void {
  app.post("/", async (c) => {
    const input = await jsonBody(c, CreateWebhookEndpointInput);
    const created = await createWebhookEndpoint(deps.db, {
      endpointUrl: input.endpoint_url,
      events: input.events,
      ...(input.organization_id !== undefined && { organizationId: input.organization_id }),
    });
    return c.json(created, 201);
  });
}
