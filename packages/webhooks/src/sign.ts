import { createHmac } from "node:crypto";
import type { RenderedEvent } from "@dsync/core";
import { standardWebhooksKey } from "./secret";
import { serializeEvent } from "./serialize-event";

/**
 * The `WorkOS-Signature` header value: `t=<ms>, v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * `@workos-inc/node` (`webhooks.constructEvent`) imports the secret string's UTF-8 bytes as the
 * HMAC key, so the whole `whsec_…` string is the key here, not its decoded bytes.
 */
export function signWorkOS(secret: string, body: string, timestampMs: number): string {
  const digest = createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(`${timestampMs}.${body}`, "utf8")
    .digest("hex");
  return `t=${timestampMs}, v1=${digest}`;
}

/** The Standard Webhooks headers for one message. */
export interface StandardWebhooksHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Standard Webhooks headers (https://www.standardwebhooks.com/, "Verifying webhook
 * authenticity"): `v1,<base64 HMAC-SHA256(key, "<id>.<ts>.<body>")>` where the key is the
 * base64-decoded part of `whsec_…`. Several secrets give space-separated signatures, which
 * verifiers accept if any matches: that is how a rotation overlaps.
 */
export function signStandardWebhooks(
  secret: string | readonly string[],
  msgId: string,
  body: string,
  timestampSeconds: number,
): StandardWebhooksHeaders {
  const secrets = typeof secret === "string" ? [secret] : secret;
  if (secrets.length === 0) throw new Error("signStandardWebhooks needs at least one secret");
  const toSign = `${msgId}.${timestampSeconds}.${body}`;
  const signatures = secrets.map(
    (s) =>
      `v1,${createHmac("sha256", standardWebhooksKey(s)).update(toSign, "utf8").digest("base64")}`,
  );
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": signatures.join(" "),
  };
}

/** Every header of one delivery, plus the body those headers sign. */
export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * Body and headers for one delivery of `event`, signed in both formats at `now`.
 * `secrets` lists the endpoint's live secrets newest first. `WorkOS-Signature` carries one
 * `v1` (its verifier reads only the first), so it uses the newest secret; receivers still on
 * the old secret verify the Standard Webhooks header, which lists every live secret.
 */
export function signatureHeaders(
  secrets: readonly string[],
  event: RenderedEvent,
  now: Date,
): SignedDelivery {
  const [newest] = secrets;
  if (newest === undefined) throw new Error("signatureHeaders needs at least one secret");
  const body = serializeEvent(event);
  const timestampMs = now.getTime();
  return {
    body,
    headers: {
      "content-type": "application/json",
      "workos-signature": signWorkOS(newest, body, timestampMs),
      ...signStandardWebhooks(secrets, event.id, body, Math.floor(timestampMs / 1000)),
    },
  };
}
