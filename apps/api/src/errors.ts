import { DsyncError, type ErrorCode } from "@dsync/core";
import type { Logger } from "@dsync/runtime";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { ApiEnv } from "./env";

const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 422,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  UNIQUENESS: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
};

/** A request body that is not JSON; rendered as 400 `invalid_json`. */
export class InvalidJsonError extends Error {
  constructor() {
    super("The request body is not valid JSON.");
    this.name = "InvalidJsonError";
  }
}

/** The REST error body: a code, a safe message, field errors for 422, and the request id. */
export interface ErrorBody {
  message: string;
  code: string;
  errors?: { field: string; code: string; message?: string }[];
  request_id: string;
}

/** Sends a JSON error body with the request id. */
export function errorJson(
  c: Context<ApiEnv>,
  status: number,
  body: Omit<ErrorBody, "request_id">,
): Response {
  const requestId = c.get("requestId") ?? "";
  return c.json({ ...body, request_id: requestId } satisfies ErrorBody, status as 400);
}

/** Converts zod issues into one field error each (`field` is the dotted path). */
export function zodFieldErrors(error: ZodError): NonNullable<ErrorBody["errors"]> {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "body",
    code: issue.code,
    message: issue.message,
  }));
}

/**
 * Renders any error thrown by a REST route. Only `DsyncError` messages (written for clients)
 * are echoed; anything else is logged with the request id and answered with a generic 500.
 */
export function renderError(c: Context<ApiEnv>, error: unknown, logger: Logger): Response {
  if (error instanceof DsyncError) {
    const status = STATUS[error.code];
    if (status) {
      return errorJson(c, status, {
        message: error.message,
        code: error.code,
        ...(error.errors ? { errors: error.errors } : {}),
      });
    }
  }
  if (error instanceof ZodError) {
    return errorJson(c, 422, {
      message: "The request is invalid.",
      code: "VALIDATION",
      errors: zodFieldErrors(error),
    });
  }
  if (error instanceof InvalidJsonError) {
    return errorJson(c, 400, { message: error.message, code: "invalid_json" });
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own 4xx (e.g. a malformed request it rejected before our code ran).
    return errorJson(c, error.status, {
      message: error.message || "Bad request.",
      code: "BAD_REQUEST",
    });
  }
  logger.error("unhandled error", {
    request_id: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    error,
  });
  return errorJson(c, 500, { message: "Internal server error.", code: "INTERNAL" });
}
