import { hashSecret } from "@dsync/core";
import type { Db } from "@dsync/db";
import type { ScimDirectory } from "../scim/context";
import { authenticateScimToken } from "./authenticate-scim-token";

/** Authenticates SCIM bearer tokens, remembering recent successes for a short time. */
export interface ScimAuthenticator {
  authenticate(directoryId: string, token: string): Promise<ScimDirectory | null>;
}

export interface ScimAuthenticatorOptions {
  /** How long a successful authentication is reused; revocation takes effect within it. */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Wraps `authenticateScimToken` with a small in-process cache of successes. An IdP pushing
 * thousands of requests a second sends the same token every time, and looking it up each
 * time costs a round trip per request. Failures are never cached, so a new token works at
 * once; a revoked token or a deleted directory stops working within `ttlMs` (2 s by default)
 * on every replica, and writes racing a deletion fail on the directory's foreign key.
 */
export function createScimAuthenticator(
  db: Db,
  options: ScimAuthenticatorOptions = {},
): ScimAuthenticator {
  const ttlMs = options.ttlMs ?? 2000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { directory: ScimDirectory; expiresAt: number }>();
  return {
    async authenticate(directoryId, token) {
      const key = `${directoryId}:${hashSecret(token)}`;
      const hit = cache.get(key);
      if (hit && hit.expiresAt > now()) return hit.directory;
      cache.delete(key);
      const directory = await authenticateScimToken(db, directoryId, token);
      if (directory) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(key, { directory, expiresAt: now() + ttlMs });
      }
      return directory;
    },
  };
}
