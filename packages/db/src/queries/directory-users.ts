import type { FilterNode } from "@dsync/scim";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { anyOf } from "../any-of";
import type { Db } from "../client";
import { directoryGroupMemberships, directoryUsers, events } from "../schema";
import { scimFilterToSql, scimSortToSql } from "../scim-filter-sql";
import type { NewEventRow } from "./events";
import { idPage } from "./id-page";
import type { IdPageParams } from "./organizations";

export type DirectoryUserRow = typeof directoryUsers.$inferSelect;
export type NewDirectoryUserRow = typeof directoryUsers.$inferInsert;

/** Writable columns of a user; identity and tenancy columns never change after insert. */
export type DirectoryUserChanges = Pick<
  DirectoryUserRow,
  | "idpId"
  | "externalId"
  | "username"
  | "email"
  | "firstName"
  | "lastName"
  | "state"
  | "customAttributes"
  | "rawAttributes"
>;

/** Inserts one user; unique violations surface as driver errors for the caller to map. */
export async function insertDirectoryUser(
  db: Db,
  row: NewDirectoryUserRow,
): Promise<DirectoryUserRow> {
  const [inserted] = await db.insert(directoryUsers).values(row).returning();
  return inserted!;
}

/**
 * Inserts a user and its events in ONE statement (a data-modifying CTE). A single statement
 * is atomic on its own, so the outbox guarantee holds without BEGIN/COMMIT round trips: this
 * is the hot path of SCIM provisioning. Unique violations surface as driver errors.
 */
export async function insertDirectoryUserWithEvents(
  db: Db,
  row: NewDirectoryUserRow,
  eventRows: NewEventRow[],
): Promise<void> {
  const userInsert = db.insert(directoryUsers).values(row).returning({ id: directoryUsers.id });
  if (eventRows.length === 0) {
    await userInsert;
    return;
  }
  await db.execute(
    sql`with inserted as (${userInsert.getSQL()}) ${db.insert(events).values(eventRows).getSQL()}`,
  );
}

/** One user of one directory, optionally row-locked for an update in the caller's transaction. */
export async function findDirectoryUser(
  db: Db,
  params: { directoryId: string; id: string; lock?: boolean },
): Promise<DirectoryUserRow | undefined> {
  const query = db
    .select()
    .from(directoryUsers)
    .where(
      and(eq(directoryUsers.directoryId, params.directoryId), eq(directoryUsers.id, params.id)),
    );
  // NO KEY UPDATE, not UPDATE: membership inserts take KEY SHARE on the user row (FK check)
  // and must not queue behind a profile change.
  const [row] = params.lock ? await query.for("no key update") : await query;
  return row;
}

/** Users of one directory by id; ids from other directories are simply not returned. */
export async function findDirectoryUsersByIds(
  db: Db,
  params: { directoryId: string; ids: string[] },
): Promise<DirectoryUserRow[]> {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(directoryUsers)
    .where(
      and(eq(directoryUsers.directoryId, params.directoryId), anyOf(directoryUsers.id, params.ids)),
    );
}

/** Applies changes and bumps the ETag version. */
export async function updateDirectoryUser(
  db: Db,
  params: { directoryId: string; id: string; changes: DirectoryUserChanges },
): Promise<DirectoryUserRow> {
  const [row] = await db
    .update(directoryUsers)
    .set({
      ...params.changes,
      version: sql`${directoryUsers.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(eq(directoryUsers.directoryId, params.directoryId), eq(directoryUsers.id, params.id)),
    )
    .returning();
  return row!;
}

/** Deletes one user; its memberships go with it (ON DELETE CASCADE). */
export async function deleteDirectoryUser(
  db: Db,
  params: { directoryId: string; id: string },
): Promise<void> {
  await db
    .delete(directoryUsers)
    .where(
      and(eq(directoryUsers.directoryId, params.directoryId), eq(directoryUsers.id, params.id)),
    );
}

export interface ScimListParams {
  directoryId: string;
  filter?: FilterNode;
  sortBy?: { schema?: string; attr: string; sub?: string };
  sortOrder?: "ascending" | "descending";
  /** Zero-based offset (SCIM startIndex − 1). */
  offset: number;
  limit: number;
}

function scimOrder(
  kind: "User" | "Group",
  params: ScimListParams,
  idColumn: SQL | typeof directoryUsers.id,
): SQL[] {
  const direction = params.sortOrder === "descending" ? desc : asc;
  // The id tie-breaker keeps pages stable when sort keys repeat.
  if (params.sortBy) return [direction(scimSortToSql(kind, params.sortBy)), direction(idColumn)];
  return [direction(idColumn)];
}

/** A SCIM page of users plus the total matching the filter. */
export async function listScimUsers(
  db: Db,
  params: ScimListParams,
): Promise<{ rows: DirectoryUserRow[]; total: number }> {
  const where = and(
    eq(directoryUsers.directoryId, params.directoryId),
    params.filter ? scimFilterToSql("User", params.filter) : undefined,
  );
  const [countRow] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(directoryUsers)
    .where(where);
  const total = Number(countRow?.total ?? 0);
  if (params.limit <= 0 || params.offset >= total) return { rows: [], total };
  const rows = await db
    .select()
    .from(directoryUsers)
    .where(where)
    .orderBy(...scimOrder("User", params, directoryUsers.id))
    .offset(params.offset)
    .limit(params.limit);
  return { rows, total };
}

/**
 * One user by id in any directory. Ids are global and only the instance administrator's API
 * key reaches the REST API, so the id itself is the scope (as for `findDirectory`).
 */
export async function findDirectoryUserById(
  db: Db,
  params: { id: string },
): Promise<DirectoryUserRow | undefined> {
  const [row] = await db.select().from(directoryUsers).where(eq(directoryUsers.id, params.id));
  return row;
}

/**
 * A keyset page of the users of one directory, or of one of its groups when `groupId` is
 * given; `limit + 1` rows in page order (see `idPage`). Uses (directory_id, id) and, for a
 * group, the memberships primary key (group_id, user_id).
 */
export async function listDirectoryUsersPage(
  db: Db,
  params: IdPageParams & { directoryId: string; groupId?: string },
): Promise<DirectoryUserRow[]> {
  if (params.groupId === undefined) {
    const page = idPage(directoryUsers.id, params);
    return db
      .select()
      .from(directoryUsers)
      .where(and(eq(directoryUsers.directoryId, params.directoryId), page.where))
      .orderBy(page.orderBy)
      .limit(page.limit);
  }
  const m = directoryGroupMemberships;
  // Keyset on the membership's user_id (equal to the user's id): the primary key
  // (group_id, user_id) then yields the page in order, without sorting a large group.
  const memberPage = idPage(m.userId, params);
  const rows = await db
    .select({ user: directoryUsers })
    .from(m)
    .innerJoin(directoryUsers, eq(directoryUsers.id, m.userId))
    .where(
      and(
        eq(m.directoryId, params.directoryId),
        eq(m.groupId, params.groupId),
        eq(directoryUsers.directoryId, params.directoryId),
        memberPage.where,
      ),
    )
    .orderBy(memberPage.orderBy)
    .limit(memberPage.limit);
  return rows.map((r) => r.user);
}
