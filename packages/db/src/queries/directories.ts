import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { directories, organizations } from "../schema";

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
