import type { Db } from "@dsync/db";
import { pgConstraint, pgErrorCode } from "@dsync/db";
import { ScimError } from "@dsync/scim";

/** The directory a SCIM request is authenticated for. */
export interface ScimDirectory {
  id: string;
  organizationId: string;
  type: string;
  state: string;
  name: string;
}

/** What every SCIM verb needs: the database, the directory, and its public base URL. */
export interface ScimContext {
  db: Db;
  directory: ScimDirectory;
  /** `https://host/scim/v2/{directoryId}`, for `meta.location`. */
  baseUrl: string;
}

/** A rendered SCIM resource and its version, for the ETag header. */
export interface ScimResult {
  resource: Record<string, unknown>;
  version: string;
}

/** The weak ETag of a row version (RFC 7644 §3.14). */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * Checks an `If-Match` header against the current version (RFC 7232 §3.1, weak comparison):
 * `*` or any listed tag that names the version passes; anything else is a 412.
 */
export function assertIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === "") return;
  if (ifMatch.trim() === "*") return;
  const wanted = `"${version}"`;
  const tags = ifMatch.split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (!tags.includes(wanted)) {
    throw new ScimError(412, "The resource has changed since the version given in If-Match.");
  }
}

/** True when an `If-None-Match` header names the current version (GET answers 304). */
export function matchesIfNoneMatch(ifNoneMatch: string | undefined, version: number): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const wanted = `"${version}"`;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === wanted);
}

const UNIQUE_DETAILS: Record<string, string> = {
  directory_users_username_key: "A user with this userName already exists in the directory.",
  directory_users_external_id_key: "A user with this externalId already exists in the directory.",
  directory_groups_external_id_key: "A group with this externalId already exists in the directory.",
};

/**
 * Maps constraint violations to SCIM errors: a unique violation is 409 `uniqueness`; a
 * foreign-key violation means the directory was deleted while the request was in flight
 * (its authentication may be cached for a moment), so it is a 404. Anything else is rethrown.
 */
export function rethrowConstraintViolation(error: unknown): never {
  const code = pgErrorCode(error);
  if (code === "23505") {
    const constraint = pgConstraint(error) ?? "";
    throw new ScimError(
      409,
      UNIQUE_DETAILS[constraint] ?? "The resource conflicts with an existing one.",
      "uniqueness",
    );
  }
  if (code === "23503") throw new ScimError(404, "The directory no longer exists.");
  throw error;
}

/** The 404 every verb answers for an id that is not in this directory. */
export function resourceNotFound(kind: "User" | "Group", id: string): ScimError {
  return new ScimError(404, `${kind} ${id} not found.`);
}
