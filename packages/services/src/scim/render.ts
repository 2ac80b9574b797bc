import type { DirectoryGroupRow, DirectoryUserRow } from "@dsync/db";
import { GROUP_SCHEMA, USER_SCHEMA } from "@dsync/scim";
import { etagOf } from "./context";

function meta(
  resourceType: "User" | "Group",
  row: { id: string; createdAt: Date; updatedAt: Date; version: number },
  baseUrl: string,
) {
  return {
    resourceType,
    created: row.createdAt.toISOString(),
    lastModified: row.updatedAt.toISOString(),
    location: `${baseUrl}/${resourceType === "User" ? "Users" : "Groups"}/${row.id}`,
    version: etagOf(row.version),
  };
}

function withSchemas(raw: Record<string, unknown>, core: string): unknown[] {
  const schemas = Array.isArray(raw.schemas) ? raw.schemas : [];
  return schemas.includes(core) ? schemas : [core, ...schemas];
}

/** The SCIM representation of a stored user: its resource plus id, externalId and meta. */
export function renderScimUser(row: DirectoryUserRow, baseUrl: string): Record<string, unknown> {
  const raw = row.rawAttributes;
  return {
    ...raw,
    schemas: withSchemas(raw, USER_SCHEMA),
    id: row.id,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    meta: meta("User", row, baseUrl),
  };
}

export interface MemberView {
  value: string;
  display?: string;
}

/** The SCIM representation of a stored group; `members` only when they were loaded. */
export function renderScimGroup(
  row: DirectoryGroupRow,
  baseUrl: string,
  members?: MemberView[],
): Record<string, unknown> {
  const raw = row.rawAttributes;
  return {
    ...raw,
    schemas: withSchemas(raw, GROUP_SCHEMA),
    id: row.id,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    displayName: row.name,
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.value,
            $ref: `${baseUrl}/Users/${m.value}`,
            ...(m.display !== undefined ? { display: m.display } : {}),
            type: "User",
          })),
        }
      : {}),
    meta: meta("Group", row, baseUrl),
  };
}
