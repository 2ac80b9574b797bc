import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env";

// Accept a caller's id only if it is short and plain, so it is safe to echo and to log.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Sets `requestId` (the caller's `X-Request-ID` when sane, else a new UUID) and echoes it. */
export function requestId(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", id);
    await next();
    c.res.headers.set("X-Request-ID", id);
  };
}
