import type { Config } from "@dsync/config";
import { DsyncError, hashSecret, safeEqual } from "@dsync/core";
import type { MiddlewareHandler } from "hono";

/**
 * Bearer authentication of the management API with `DSYNC_API_KEY`. Both sides are hashed
 * first so the constant-time comparison never depends on the presented key's length. Without
 * a configured key every request is rejected.
 */
export function apiKeyAuth(config: Pick<Config, "apiKey">): MiddlewareHandler {
  const expected = config.apiKey ? hashSecret(config.apiKey) : undefined;
  return async (c, next) => {
    if (!expected) {
      throw new DsyncError(
        "UNAUTHORIZED",
        "The management API is disabled: DSYNC_API_KEY is not configured.",
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (!match || !safeEqual(hashSecret(match[1]!), expected)) {
      c.header("WWW-Authenticate", 'Bearer realm="dsync"');
      throw new DsyncError(
        "UNAUTHORIZED",
        "A valid API key is required (Authorization: Bearer <key>).",
      );
    }
    await next();
  };
}
