import { rotateWebhookEndpointSecret } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { jsonBody } from "../../validate";

/** Body of `POST /webhook_endpoints/:id/rotate_secret`; at most a week of overlap. */
export const RotateWebhookEndpointSecretInput = z.object({
  overlap_seconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
});
export type RotateWebhookEndpointSecretInput = z.infer<typeof RotateWebhookEndpointSecretInput>;

/** `POST /webhook_endpoints/:id/rotate_secret` → endpoint with its new `secret`, shown once. */
export function registerRotateWebhookEndpointSecret(app: ApiApp, deps: AppDeps): void {
  app.post("/:id/rotate_secret", async (c) => {
    const input = await jsonBody(c, RotateWebhookEndpointSecretInput);
    const rotated = await rotateWebhookEndpointSecret(deps.db, {
      id: c.req.param("id"),
      ...(input.overlap_seconds !== undefined && { overlapSeconds: input.overlap_seconds }),
    });
    return c.json(rotated);
  });
}
