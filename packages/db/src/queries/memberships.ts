import { and, eq, sql } from "drizzle-orm";
import { anyOf } from "../any-of";
import { chunks } from "../chunks";
import type { Db } from "../client";
import { directoryGroupMemberships, directoryGroups, directoryUsers } from "../schema";
import type { DirectoryGroupRow } from "./directory-groups";

const m = directoryGroupMemberships;

/** Adds members; returns the user ids that were not members before (re-adds are no-ops). */
export async function addGroupMembers(
  db: Db,
  params: { directoryId: string; groupId: string; userIds: string[] },
): Promise<string[]> {
  const added: string[] = [];
  for (const part of chunks(params.userIds)) {
    const rows = await db
      .insert(m)
      .values(
        part.map((userId) => ({
          groupId: params.groupId,
          userId,
          directoryId: params.directoryId,
        })),
      )
      .onConflictDoNothing()
      .returning({ userId: m.userId });
    for (const row of rows) added.push(row.userId);
  }
  return added;
}

/** Removes the given members; returns the user ids that actually were members. */
export async function removeGroupMembers(
  db: Db,
  params: { directoryId: string; groupId: string; userIds: string[] },
): Promise<string[]> {
  if (params.userIds.length === 0) return [];
  const rows = await db
    .delete(m)
    .where(
      and(
        eq(m.directoryId, params.directoryId),
        eq(m.groupId, params.groupId),
        anyOf(m.userId, params.userIds),
      ),
    )
    .returning({ userId: m.userId });
  return rows.map((r) => r.userId);
}

/** Every member user id of one group (for computing a full membership replace). */
export async function listGroupMemberIds(
  db: Db,
  params: { directoryId: string; groupId: string },
): Promise<string[]> {
  const rows = await db
    .select({ userId: m.userId })
    .from(m)
    .where(and(eq(m.directoryId, params.directoryId), eq(m.groupId, params.groupId)));
  return rows.map((r) => r.userId);
}

export interface GroupMember {
  userId: string;
  display: string;
}

/** Members of each of the given groups with display names (for rendering SCIM `members`). */
export async function listMembersOfGroups(
  db: Db,
  params: { directoryId: string; groupIds: string[] },
): Promise<Map<string, GroupMember[]>> {
  const result = new Map<string, GroupMember[]>(params.groupIds.map((id) => [id, []]));
  if (params.groupIds.length === 0) return result;
  const rows = await db
    .select({
      groupId: m.groupId,
      userId: m.userId,
      display: sql<string>`coalesce(${directoryUsers.rawAttributes}->>'displayName', ${directoryUsers.username})`,
    })
    .from(m)
    .innerJoin(directoryUsers, eq(directoryUsers.id, m.userId))
    .where(and(eq(m.directoryId, params.directoryId), anyOf(m.groupId, params.groupIds)))
    .orderBy(m.groupId, m.createdAt, m.userId);
  for (const row of rows)
    result.get(row.groupId)?.push({ userId: row.userId, display: row.display });
  return result;
}

/** The groups one user belongs to (for removal events when the user is deleted). */
export async function listGroupsOfUser(
  db: Db,
  params: { directoryId: string; userId: string },
): Promise<DirectoryGroupRow[]> {
  const rows = await db
    .select({ group: directoryGroups })
    .from(m)
    .innerJoin(directoryGroups, eq(directoryGroups.id, m.groupId))
    .where(and(eq(m.directoryId, params.directoryId), eq(m.userId, params.userId)));
  return rows.map((r) => r.group);
}

/**
 * The groups of each of the given users of one directory, in ONE query (a REST page of 100
 * users costs one round trip, not 100). Every user id gets an entry, maybe empty.
 */
export async function listGroupsOfUsers(
  db: Db,
  params: { directoryId: string; userIds: string[] },
): Promise<Map<string, DirectoryGroupRow[]>> {
  const result = new Map<string, DirectoryGroupRow[]>(params.userIds.map((id) => [id, []]));
  if (params.userIds.length === 0) return result;
  const rows = await db
    .select({ userId: m.userId, group: directoryGroups })
    .from(m)
    .innerJoin(directoryGroups, eq(directoryGroups.id, m.groupId))
    .where(and(eq(m.directoryId, params.directoryId), anyOf(m.userId, params.userIds)))
    .orderBy(m.userId, directoryGroups.id);
  for (const row of rows) result.get(row.userId)?.push(row.group);
  return result;
}
