import type { DirectoryState, DirectoryWithMetadata } from "@dsync/core";
import { countDirectoryMembers, type Db, type DirectoryWithDomains } from "@dsync/db";
import { toDirectory } from "./to-directory";

/**
 * WorkOS's API knows `linked`, `unlinked`, `validating`, `invalid_credentials` and `deleting`.
 * `held` (the mass-deprovisioning guard tripped) is dsync's own; the connection itself is still
 * linked, so a WorkOS client reads `linked` rather than a value it cannot parse.
 */
function workosState(state: DirectoryState): DirectoryState {
  return state === "held" ? "linked" : state;
}

/** Renders directories for the REST API with WorkOS's `metadata` counts (two queries per page). */
export async function withDirectoryMetadata(
  db: Db,
  rows: DirectoryWithDomains[],
): Promise<DirectoryWithMetadata[]> {
  const counts = await countDirectoryMembers(db, { directoryIds: rows.map((r) => r.id) });
  return rows.map((row) => {
    const directory = toDirectory(row, row.organizationDomains);
    const c = counts.get(row.id) ?? { activeUsers: 0, inactiveUsers: 0, groups: 0 };
    return {
      ...directory,
      state: workosState(directory.state),
      metadata: { users: { active: c.activeUsers, inactive: c.inactiveUsers }, groups: c.groups },
    };
  });
}
