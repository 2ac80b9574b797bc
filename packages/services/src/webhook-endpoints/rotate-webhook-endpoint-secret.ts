import { notFound } from "@dsync/core";
import { type Db, findWebhookEndpoint, updateWebhookEndpoint } from "@dsync/db";
import { generateWebhookSecret } from "@dsync/webhooks";
import { toWebhookEndpoint, type WebhookEndpointWithSecret } from "./to-webhook-endpoint";

/** How long the old secret keeps signing after a rotation unless the caller says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

/**
 * Issues a new signing secret, returned only here. The old one keeps signing alongside it for
 * `overlapSeconds` (Standard Webhooks lists both signatures), so receivers can switch without
 * dropping deliveries; an overlap of 0 retires it at once. Rotating again inside the window
 * retires the oldest secret: only one previous secret is kept.
 */
export async function rotateWebhookEndpointSecret(
  db: Db,
  params: { id: string; overlapSeconds?: number; now?: Date },
): Promise<WebhookEndpointWithSecret> {
  const now = params.now ?? new Date();
  const current = await findWebhookEndpoint(db, { id: params.id });
  if (!current) throw notFound("Webhook endpoint");
  const overlapSeconds = params.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  const secret = generateWebhookSecret();
  const row = await updateWebhookEndpoint(db, {
    id: params.id,
    set: {
      secret,
      previousSecret: overlapSeconds > 0 ? current.secret : null,
      previousSecretExpiresAt:
        overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null,
      updatedAt: now,
    },
  });
  // Deleted between the read and the write.
  if (!row) throw notFound("Webhook endpoint");
  return { ...toWebhookEndpoint(row), secret };
}
