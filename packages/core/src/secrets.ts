import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new high-entropy secret such as `dsync_scim_…`, shown to its owner once. */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** The stored form of a secret: hex SHA-256. Secrets are random, so a slow hash adds nothing. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** The first characters of a secret, kept in clear so owners can tell their secrets apart. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, Math.min(secret.length, secret.lastIndexOf("_") + 5));
}

/** Constant-time comparison of two strings of hex or ASCII. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
