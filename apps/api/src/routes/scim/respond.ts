import { DsyncError } from "@dsync/core";
import {
  parseAttributeList,
  projectAttributes,
  type ResourceKind,
  ScimError,
  type ScimType,
  scimErrorBody,
} from "@dsync/scim";
import { etagOf } from "@dsync/services";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

/**
 * Sends a SCIM JSON body with the SCIM media type (RFC 7644 §3.1), through the context so
 * headers set earlier (request id, WWW-Authenticate) are kept.
 */
export function scimJson(
  c: Context,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  c.header("Content-Type", SCIM_CONTENT_TYPE);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.body(JSON.stringify(body), status as ContentfulStatusCode);
}

/** The `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5). */
export function projectionOf(c: Context): { attributes?: string[]; excludedAttributes?: string[] } {
  const attributes = parseAttributeList(c.req.query("attributes"));
  const excludedAttributes = parseAttributeList(c.req.query("excludedAttributes"));
  return {
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
}

/** Whether a group response under this projection includes `members`, so they must be read. */
export function includesMembers(projection: {
  attributes?: string[];
  excludedAttributes?: string[];
}): boolean {
  const names = (list?: string[]) =>
    (list ?? []).map((a) => a.toLowerCase().replace(/^urn:.*:group:/, ""));
  if (projection.attributes)
    return names(projection.attributes).some((a) => a === "members" || a.startsWith("members."));
  return !names(projection.excludedAttributes).some((a) => a === "members");
}

/** Sends one resource, projected as asked, with its ETag (RFC 7644 §3.14). */
export function scimResource(
  c: Context,
  kind: ResourceKind,
  result: { resource: Record<string, unknown>; version: string },
  status = 200,
): Response {
  const headers: Record<string, string> = { ETag: etagOf(Number(result.version)) };
  if (
    status === 201 &&
    typeof (result.resource.meta as { location?: unknown })?.location === "string"
  ) {
    headers.Location = (result.resource.meta as { location: string }).location;
  }
  return scimJson(c, projectAttributes(kind, result.resource, projectionOf(c)), status, headers);
}

const DSYNC_TO_SCIM: Record<string, { status: number; scimType?: ScimType }> = {
  UNAUTHORIZED: { status: 401 },
  FORBIDDEN: { status: 403 },
  NOT_FOUND: { status: 404 },
  CONFLICT: { status: 409 },
  UNIQUENESS: { status: 409, scimType: "uniqueness" },
  VALIDATION: { status: 400, scimType: "invalidValue" },
  PRECONDITION_FAILED: { status: 412 },
  PAYLOAD_TOO_LARGE: { status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  RATE_LIMITED: { status: 429 },
};

/** Renders any error as an RFC 7644 §3.12 error body; internals never leak into a 500. */
export function scimErrorResponse(
  c: Context,
  error: unknown,
  log: (error: unknown) => void,
): Response {
  if (error instanceof ScimError) {
    return scimJson(c, scimErrorBody(error.status, error.message, error.scimType), error.status);
  }
  if (error instanceof DsyncError) {
    const mapped = DSYNC_TO_SCIM[error.code];
    if (mapped)
      return scimJson(
        c,
        scimErrorBody(mapped.status, error.message, mapped.scimType),
        mapped.status,
      );
  }
  log(error);
  return scimJson(c, scimErrorBody(500, "Internal server error."), 500);
}
