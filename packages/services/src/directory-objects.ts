import type { DirectoryGroup, DirectoryUser } from "@dsync/core";
import type { DirectoryGroupRow, DirectoryUserRow } from "@dsync/db";

/** The WorkOS-shaped user that events and the REST API carry, from its row. */
export function toDirectoryUser(row: DirectoryUserRow): DirectoryUser {
  const custom = row.customAttributes;
  return {
    object: "directory_user",
    id: row.id,
    idp_id: row.idpId,
    directory_id: row.directoryId,
    organization_id: row.organizationId,
    first_name: row.firstName,
    last_name: row.lastName,
    email: row.email,
    emails: Array.isArray(custom.emails) ? (custom.emails as DirectoryUser["emails"]) : [],
    username: row.username,
    job_title: typeof custom.job_title === "string" ? custom.job_title : null,
    state: row.state === "inactive" ? "inactive" : "active",
    custom_attributes: custom,
    raw_attributes: row.rawAttributes,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The WorkOS-shaped group that events and the REST API carry, from its row. */
export function toDirectoryGroup(row: DirectoryGroupRow): DirectoryGroup {
  return {
    object: "directory_group",
    id: row.id,
    idp_id: row.idpId,
    directory_id: row.directoryId,
    organization_id: row.organizationId,
    name: row.name,
    raw_attributes: row.rawAttributes,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
