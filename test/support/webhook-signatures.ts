import type { ReceivedWebhook } from "@dsync/testing";
import { WorkOS } from "@workos-inc/node";
import { Webhook } from "standardwebhooks";

const workos = new WorkOS("sk_test_dsync");

/**
 * Verifies one received webhook with both independent verifiers, `@workos-inc/node`
 * (`WorkOS-Signature`) and `standardwebhooks` (`webhook-id`/`-timestamp`/`-signature`), and
 * returns the event they agree on. Throws if either rejects it or they disagree.
 */
export async function verifyWebhook(
  request: ReceivedWebhook,
  secret: string,
): Promise<{ id: string; event: string }> {
  const header = (name: string) => String(request.headers[name] ?? "");
  const fromWorkos = await workos.webhooks.constructEvent({
    payload: request.body,
    sigHeader: header("workos-signature"),
    secret,
  });
  const fromStandard = new Webhook(secret).verify(request.body, {
    "webhook-id": header("webhook-id"),
    "webhook-timestamp": header("webhook-timestamp"),
    "webhook-signature": header("webhook-signature"),
  }) as { id?: unknown; event?: unknown };
  if (fromStandard.id !== fromWorkos.id || fromStandard.event !== fromWorkos.event) {
    throw new Error(
      `verifiers disagree: ${fromWorkos.id}/${fromWorkos.event} vs ${String(fromStandard.id)}`,
    );
  }
  return { id: fromWorkos.id, event: fromWorkos.event };
}
