import { and, eq, ilike, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { directories, directoryGroups, directoryUsers, organizations } from "../schema";
import { idPage } from "./id-page";
import type { IdPageParams } from "./organizations";

export type DirectoryRow = typeof directories.$inferSelect;
export type NewDirectoryRow = typeof directories.$inferInsert;

/** A directory with its organization's domains (WorkOS renders the primary one on the directory). */
export type DirectoryWithDomains = DirectoryRow & {
  organizationDomains: { domain: string; state: string }[];
};

/** Inserts one directory; an unknown organization surfaces as a 23503 driver error. */
export async function insertDirectory(db: Db, row: NewDirectoryRow): Promise<DirectoryRow> {
  const [inserted] = await db.insert(directories).values(row).returning();
  return inserted!;
}

/** One directory by id, optionally only within one organization, with its organization's domains. */
export async function findDirectory(
  db: Db,
  params: { id: string; organizationId?: string; lock?: boolean },
): Promise<DirectoryWithDomains | undefined> {
  const query = db
    .select({ directory: directories, organizationDomains: organizations.domains })
    .from(directories)
    .innerJoin(organizations, eq(organizations.id, directories.organizationId))
    .where(
      and(
        eq(directories.id, params.id),
        params.organizationId ? eq(directories.organizationId, params.organizationId) : undefined,
      ),
    );
  // FOR UPDATE OF directories only: the organization row must stay free for other directories.
  const [row] = params.lock ? await query.for("update", { of: directories }) : await query;
  return row ? { ...row.directory, organizationDomains: row.organizationDomains } : undefined;
}

/**
 * Moves a directory from `unlinked` to `linked`. The state guard makes it race-safe: of many
 * concurrent first requests exactly one gets the row back (and emits `dsync.activated`).
 */
export async function linkDirectory(
  db: Db,
  params: { id: string },
): Promise<DirectoryRow | undefined> {
  const [row] = await db
    .update(directories)
    .set({ state: "linked", updatedAt: new Date() })
    .where(and(eq(directories.id, params.id), eq(directories.state, "unlinked")))
    .returning();
  return row;
}

/**
 * Deletes a directory. Foreign keys cascade (ON DELETE CASCADE) to its tokens, users, groups and
 * memberships in the same statement, so no per-user rows or events are produced.
 */
export async function deleteDirectory(
  db: Db,
  params: { id: string },
): Promise<DirectoryRow | undefined> {
  const [row] = await db.delete(directories).where(eq(directories.id, params.id)).returning();
  return row;
}

/**
 * A keyset page of directories (with their organization's domains), optionally of one
 * organization and whose name contains `search` (case-insensitive); `limit + 1` rows in page
 * order (see `idPage`). Not tenant-scoped without `organizationId`: only the instance
 * administrator's API key reaches the REST API.
 */
export async function listDirectoriesPage(
  db: Db,
  params: IdPageParams & { organizationId?: string; search?: string },
): Promise<DirectoryWithDomains[]> {
  const page = idPage(directories.id, params);
  const rows = await db
    .select({ directory: directories, organizationDomains: organizations.domains })
    .from(directories)
    .innerJoin(organizations, eq(organizations.id, directories.organizationId))
    .where(
      and(
        params.organizationId ? eq(directories.organizationId, params.organizationId) : undefined,
        params.search
          ? ilike(directories.name, `%${params.search.replace(/[\\%_]/g, "\\$&")}%`)
          : undefined,
        page.where,
      ),
    )
    .orderBy(page.orderBy)
    .limit(page.limit);
  return rows.map((r) => ({ ...r.directory, organizationDomains: r.organizationDomains }));
}

/** Users (active and not) and groups per directory, as WorkOS's directory `metadata` counts them. */
export interface DirectoryCounts {
  activeUsers: number;
  inactiveUsers: number;
  groups: number;
}

/** Counts of users and groups of each given directory: two grouped queries for a whole page. */
export async function countDirectoryMembers(
  db: Db,
  params: { directoryIds: string[] },
): Promise<Map<string, DirectoryCounts>> {
  const result = new Map<string, DirectoryCounts>(
    params.directoryIds.map((id) => [id, { activeUsers: 0, inactiveUsers: 0, groups: 0 }]),
  );
  if (params.directoryIds.length === 0) return result;
  const users = await db
    .select({
      directoryId: directoryUsers.directoryId,
      active: sql<number>`count(*) filter (where ${directoryUsers.state} = 'active')::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(directoryUsers)
    .where(inArray(directoryUsers.directoryId, params.directoryIds))
    .groupBy(directoryUsers.directoryId);
  for (const row of users) {
    const counts = result.get(row.directoryId);
    if (!counts) continue;
    counts.activeUsers = Number(row.active);
    counts.inactiveUsers = Number(row.total) - Number(row.active);
  }
  const groups = await db
    .select({ directoryId: directoryGroups.directoryId, total: sql<number>`count(*)::int` })
    .from(directoryGroups)
    .where(inArray(directoryGroups.directoryId, params.directoryIds))
    .groupBy(directoryGroups.directoryId);
  for (const row of groups) {
    const counts = result.get(row.directoryId);
    if (counts) counts.groups = Number(row.total);
  }
  return result;
}
