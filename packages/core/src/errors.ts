/**
 * The closed set of domain error codes. The SCIM router and the REST API each render
 * them in their own protocol's format; nothing else decides a status code.
 */
export const ERROR_CODES = [
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "UNIQUENESS",
  "VALIDATION",
  "BAD_REQUEST",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  field: string;
  code: string;
  message?: string;
}

/** A failure the caller can act on; its message is safe to show to API clients. */
export class DsyncError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { errors?: FieldError[]; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DsyncError";
    this.code = code;
    this.errors = options?.errors;
  }
}

/** Shorthand for the most common failure: the resource does not exist for this tenant. */
export function notFound(what: string): DsyncError {
  return new DsyncError("NOT_FOUND", `${what} not found`);
}
