import { DsyncError, hashSecret, safeEqual } from "@dsync/core";
import { type AuthenticatedApiKey, authenticateApiKey } from "@dsync/services";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps";
import type { ApiEnv } from "../env";
import { TokenBuckets } from "./rate-limit";

// Methods a read_only key may use: reads have no side effects (RFC 9110 §9.2.1).
const READ_METHODS = new Set(["GET", "HEAD"]);

/** The identity of the bootstrap `DSYNC_API_KEY`: a full admin key that is never stored. */
export const BOOTSTRAP_KEY: AuthenticatedApiKey = { id: "bootstrap", scope: "full" };

/**
 * Bearer authentication of the management API: the bootstrap `DSYNC_API_KEY` (compared in
 * constant time after hashing both sides, so timing never depends on the presented length) or
 * a live key from `api_keys`. A `read_only` key may only read (403 otherwise), and every key
 * has its own token bucket (429 with `Retry-After`). Build one per app so all management
 * routers share the buckets.
 */
export function managementAuth(deps: AppDeps): MiddlewareHandler<ApiEnv> {
  const bootstrap = deps.config.apiKey ? hashSecret(deps.config.apiKey) : undefined;
  const buckets = new TokenBuckets(deps.config.apiRateLimitPerMinute);
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    const presented = match?.[1];
    let key: AuthenticatedApiKey | null = null;
    if (presented !== undefined) {
      if (bootstrap && safeEqual(hashSecret(presented), bootstrap)) key = BOOTSTRAP_KEY;
      else key = await authenticateApiKey(deps.db, presented);
    }
    if (!key) {
      c.header("WWW-Authenticate", 'Bearer realm="dsync"');
      throw new DsyncError(
        "UNAUTHORIZED",
        "A valid API key is required (Authorization: Bearer <key>).",
      );
    }
    const retryAfter = buckets.take(key.id);
    if (retryAfter > 0) {
      c.header("Retry-After", String(retryAfter));
      throw new DsyncError(
        "RATE_LIMITED",
        `Too many requests for this API key; retry in ${retryAfter} s.`,
      );
    }
    if (key.scope !== "full" && !READ_METHODS.has(c.req.method)) {
      throw new DsyncError(
        "FORBIDDEN",
        "This API key is read_only; it may only send GET requests.",
      );
    }
    c.set("apiKey", key);
    await next();
  };
}

/** Lets only `full` keys (or the bootstrap key) through; mounted where keys are managed. */
export function requireFullScope(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.get("apiKey")?.scope !== "full") {
      throw new DsyncError("FORBIDDEN", "Only a full API key may manage API keys.");
    }
    await next();
  };
}
