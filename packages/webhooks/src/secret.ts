import { randomBytes } from "node:crypto";

/** Prefix of every endpoint secret; Standard Webhooks libraries strip it before decoding the key. */
export const WEBHOOK_SECRET_PREFIX = "whsec_";

/**
 * A new endpoint signing secret: `whsec_` + base64 of 32 random bytes.
 * The Standard Webhooks spec asks for a 24–64 byte key carried as base64 after `whsec_`,
 * which its verifiers decode; WorkOS verifiers HMAC with the whole string as UTF-8, so the
 * same string serves both formats.
 */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key Standard Webhooks verifiers derive from a `whsec_…` secret (base64-decoded). */
export function standardWebhooksKey(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret;
  return Buffer.from(encoded, "base64");
}
