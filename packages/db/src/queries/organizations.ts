import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../client";
import { organizations } from "../schema";

export type OrganizationRow = typeof organizations.$inferSelect;
export type NewOrganizationRow = typeof organizations.$inferInsert;

/** Inserts one organization; a duplicate `external_id` surfaces as a 23505 driver error. */
export async function insertOrganization(
  db: Db,
  row: NewOrganizationRow,
): Promise<OrganizationRow> {
  const [inserted] = await db.insert(organizations).values(row).returning();
  return inserted!;
}

/** One organization by id. Organizations are the tenant root, so the id is the scope. */
export async function findOrganization(
  db: Db,
  params: { id: string },
): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, params.id));
  return row;
}

/** Parameters of a cursor-paged list over time-sortable ids (WorkOS `before`/`after`). */
export interface IdPageParams {
  limit: number;
  order: "asc" | "desc";
  /** Return the page that precedes this id in `order`. */
  before?: string;
  /** Return the page that follows this id in `order`. */
  after?: string;
}

/**
 * One page of organizations for the management API. Reads `limit + 1` rows so the caller can
 * tell whether another page exists in the direction of travel. The list is not tenant-scoped
 * because only the instance administrator (bootstrap API key) may call it.
 */
export async function listOrganizations(db: Db, params: IdPageParams): Promise<OrganizationRow[]> {
  // Walking backwards (`before`) reads in the opposite order and the caller reverses.
  const backwards = params.before !== undefined;
  const ascending = (params.order === "asc") !== backwards;
  const cursor = params.before ?? params.after;
  const where =
    cursor === undefined
      ? undefined
      : ascending
        ? gt(organizations.id, cursor)
        : lt(organizations.id, cursor);
  return db
    .select()
    .from(organizations)
    .where(and(where))
    .orderBy(ascending ? asc(organizations.id) : desc(organizations.id))
    .limit(params.limit + 1);
}
