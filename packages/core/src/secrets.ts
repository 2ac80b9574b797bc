import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A new high-entropy secret such as `dsync_scim_…` (256 random bits), shown to its owner once.
 * The random part is hex on purpose: base64url can contain `_`, which would make the end of
 * the readable prefix ambiguous and let `secretPrefix` keep far more than it should.
 */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("hex")}`;
}

/** The stored form of a secret: hex SHA-256. Secrets are random, so a slow hash adds nothing. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Random characters of a secret kept in clear: enough to tell secrets apart, useless to guess. */
const VISIBLE_RANDOM_CHARS = 4;

/**
 * The part of a secret kept in clear so owners can tell their secrets apart: the readable
 * prefix (`dsync_scim_`) plus four random characters. The readable prefix is the run of
 * lowercase words before the random part, never anything past it.
 */
export function secretPrefix(secret: string): string {
  const readable = /^(?:[a-z]+_)+/.exec(secret)?.[0] ?? "";
  return secret.slice(0, readable.length + VISIBLE_RANDOM_CHARS);
}

/** Constant-time comparison of two strings of hex or ASCII. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
