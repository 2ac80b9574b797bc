import type { Directory, DirectoryState, DirectoryType } from "@dsync/core";
import type { DirectoryRow } from "@dsync/db";

/** Directory types provisioned over SCIM (they get an endpoint and bearer tokens). */
export function isScimDirectoryType(type: string): boolean {
  return type.endsWith(" scim v2.0");
}

/**
 * The WorkOS-shaped directory from its row. `domain` is the organization's primary domain
 * (its first verified one, else its first), as WorkOS shows it.
 */
export function toDirectory(
  row: DirectoryRow,
  organizationDomains: { domain: string; state: string }[] = [],
): Directory {
  const primary =
    organizationDomains.find((d) => d.state === "verified") ?? organizationDomains[0] ?? null;
  return {
    object: "directory",
    id: row.id,
    organization_id: row.organizationId,
    name: row.name,
    type: row.type as DirectoryType,
    state: row.state as DirectoryState,
    domain: primary?.domain ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
