import { and, asc, count, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { directories, directoryTokens } from "../schema";

export type DirectoryTokenRow = typeof directoryTokens.$inferSelect;
export type NewDirectoryTokenRow = typeof directoryTokens.$inferInsert;

/** Inserts one SCIM token (its hash and prefix only; the secret is never stored). */
export async function insertDirectoryToken(
  db: Db,
  row: NewDirectoryTokenRow,
): Promise<DirectoryTokenRow> {
  const [inserted] = await db.insert(directoryTokens).values(row).returning();
  return inserted!;
}

/** The live tokens of one directory, oldest first. */
export async function listDirectoryTokens(
  db: Db,
  params: { directoryId: string },
): Promise<DirectoryTokenRow[]> {
  return db
    .select()
    .from(directoryTokens)
    .where(eq(directoryTokens.directoryId, params.directoryId))
    .orderBy(asc(directoryTokens.id));
}

/** How many live tokens one directory has. */
export async function countDirectoryTokens(
  db: Db,
  params: { directoryId: string },
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(directoryTokens)
    .where(eq(directoryTokens.directoryId, params.directoryId));
  return row?.n ?? 0;
}

/** Deletes one token of one directory; returns whether it existed. */
export async function deleteDirectoryToken(
  db: Db,
  params: { directoryId: string; id: string },
): Promise<boolean> {
  const rows = await db
    .delete(directoryTokens)
    .where(
      and(eq(directoryTokens.directoryId, params.directoryId), eq(directoryTokens.id, params.id)),
    )
    .returning({ id: directoryTokens.id });
  return rows.length > 0;
}

/** What SCIM authentication needs from a token and its directory, in one row. */
export interface ScimTokenMatch {
  tokenId: string;
  lastUsedAt: Date | null;
  directoryId: string;
  organizationId: string;
  type: string;
  state: string;
  name: string;
}

/**
 * The SCIM hot path: a token by hash, only if it belongs to the directory in the URL, joined to
 * that directory. One probe of the unique `token_hash` index plus a primary-key lookup.
 */
export async function findScimToken(
  db: Db,
  params: { directoryId: string; tokenHash: string },
): Promise<ScimTokenMatch | undefined> {
  const [row] = await db
    .select({
      tokenId: directoryTokens.id,
      lastUsedAt: directoryTokens.lastUsedAt,
      directoryId: directories.id,
      organizationId: directories.organizationId,
      type: directories.type,
      state: directories.state,
      name: directories.name,
    })
    .from(directoryTokens)
    .innerJoin(directories, eq(directories.id, directoryTokens.directoryId))
    .where(
      and(
        eq(directoryTokens.tokenHash, params.tokenHash),
        eq(directoryTokens.directoryId, params.directoryId),
      ),
    );
  return row;
}

/**
 * Records that a token was used, unless that was already recorded after `staleBefore`. The
 * guard keeps concurrent requests from all writing the same row.
 */
export async function touchDirectoryToken(
  db: Db,
  params: { directoryId: string; id: string; now: Date; staleBefore: Date },
): Promise<void> {
  await db
    .update(directoryTokens)
    .set({ lastUsedAt: params.now })
    .where(
      and(
        eq(directoryTokens.directoryId, params.directoryId),
        eq(directoryTokens.id, params.id),
        or(isNull(directoryTokens.lastUsedAt), lt(directoryTokens.lastUsedAt, params.staleBefore)),
      ),
    );
}
