import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { directoryGroupMemberships, directoryGroups } from "../schema";
import { scimFilterToSql, scimSortToSql } from "../scim-filter-sql";
import type { ScimListParams } from "./directory-users";
import { idPage } from "./id-page";
import type { IdPageParams } from "./organizations";

export type DirectoryGroupRow = typeof directoryGroups.$inferSelect;
export type NewDirectoryGroupRow = typeof directoryGroups.$inferInsert;
export type DirectoryGroupChanges = Pick<
  NewDirectoryGroupRow,
  "idpId" | "externalId" | "name" | "rawAttributes"
>;

/** Inserts one group; unique violations surface as driver errors for the caller to map. */
export async function insertDirectoryGroup(
  db: Db,
  row: NewDirectoryGroupRow,
): Promise<DirectoryGroupRow> {
  const [inserted] = await db.insert(directoryGroups).values(row).returning();
  return inserted!;
}

/** One group of one directory, optionally row-locked so concurrent PATCHes queue up. */
export async function findDirectoryGroup(
  db: Db,
  params: { directoryId: string; id: string; lock?: boolean },
): Promise<DirectoryGroupRow | undefined> {
  const query = db
    .select()
    .from(directoryGroups)
    .where(
      and(eq(directoryGroups.directoryId, params.directoryId), eq(directoryGroups.id, params.id)),
    );
  const [row] = params.lock ? await query.for("no key update") : await query;
  return row;
}

/** Applies attribute changes (if any) and bumps the ETag version; membership changes call it too. */
export async function updateDirectoryGroup(
  db: Db,
  params: { directoryId: string; id: string; changes?: DirectoryGroupChanges },
): Promise<DirectoryGroupRow> {
  const [row] = await db
    .update(directoryGroups)
    .set({
      ...(params.changes ?? {}),
      version: sql`${directoryGroups.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(eq(directoryGroups.directoryId, params.directoryId), eq(directoryGroups.id, params.id)),
    )
    .returning();
  return row!;
}

/** Deletes one group; its memberships go with it (ON DELETE CASCADE). */
export async function deleteDirectoryGroup(
  db: Db,
  params: { directoryId: string; id: string },
): Promise<void> {
  await db
    .delete(directoryGroups)
    .where(
      and(eq(directoryGroups.directoryId, params.directoryId), eq(directoryGroups.id, params.id)),
    );
}

/** A SCIM page of groups plus the total matching the filter. */
export async function listScimGroups(
  db: Db,
  params: ScimListParams,
): Promise<{ rows: DirectoryGroupRow[]; total: number }> {
  const where = and(
    eq(directoryGroups.directoryId, params.directoryId),
    params.filter ? scimFilterToSql("Group", params.filter) : undefined,
  );
  const [countRow] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(directoryGroups)
    .where(where);
  const total = Number(countRow?.total ?? 0);
  if (params.limit <= 0 || params.offset >= total) return { rows: [], total };
  const direction = params.sortOrder === "descending" ? desc : asc;
  const order = params.sortBy
    ? [direction(scimSortToSql("Group", params.sortBy)), direction(directoryGroups.id)]
    : [direction(directoryGroups.id)];
  const rows = await db
    .select()
    .from(directoryGroups)
    .where(where)
    .orderBy(...order)
    .offset(params.offset)
    .limit(params.limit);
  return { rows, total };
}

/**
 * One group by id in any directory. Ids are global and only the instance administrator's API
 * key reaches the REST API, so the id itself is the scope (as for `findDirectory`).
 */
export async function findDirectoryGroupById(
  db: Db,
  params: { id: string },
): Promise<DirectoryGroupRow | undefined> {
  const [row] = await db.select().from(directoryGroups).where(eq(directoryGroups.id, params.id));
  return row;
}

/**
 * A keyset page of the groups of one directory, or of the groups one of its users belongs to
 * when `userId` is given; `limit + 1` rows in page order (see `idPage`).
 */
export async function listDirectoryGroupsPage(
  db: Db,
  params: IdPageParams & { directoryId: string; userId?: string },
): Promise<DirectoryGroupRow[]> {
  const page = idPage(directoryGroups.id, params);
  if (params.userId === undefined) {
    return db
      .select()
      .from(directoryGroups)
      .where(and(eq(directoryGroups.directoryId, params.directoryId), page.where))
      .orderBy(page.orderBy)
      .limit(page.limit);
  }
  const m = directoryGroupMemberships;
  const rows = await db
    .select({ group: directoryGroups })
    .from(m)
    .innerJoin(directoryGroups, eq(directoryGroups.id, m.groupId))
    .where(
      and(
        eq(m.directoryId, params.directoryId),
        eq(m.userId, params.userId),
        eq(directoryGroups.directoryId, params.directoryId),
        page.where,
      ),
    )
    .orderBy(page.orderBy)
    .limit(page.limit);
  return rows.map((r) => r.group);
}
