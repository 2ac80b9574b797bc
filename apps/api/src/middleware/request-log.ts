import type { Logger } from "@dsync/runtime";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env";

/**
 * One structured line per request. Logs the path only: query strings can carry secrets
 * (tokens, filters with e-mail addresses) and are never written.
 */
export function requestLog(logger: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info("request", {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        request_id: c.get("requestId"),
      });
    }
  };
}
