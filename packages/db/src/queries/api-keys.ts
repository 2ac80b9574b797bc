import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { apiKeys } from "../schema";
import { idPage } from "./id-page";
import type { IdPageParams } from "./organizations";

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type NewApiKeyRow = typeof apiKeys.$inferInsert;

// API keys belong to the installation, not to an organization: there is no tenant to scope by.

/** Inserts one API key (its hash and prefix only; the secret is never stored). */
export async function insertApiKey(db: Db, row: NewApiKeyRow): Promise<ApiKeyRow> {
  const [inserted] = await db.insert(apiKeys).values(row).returning();
  return inserted!;
}

/** One page of live (unrevoked) API keys, `limit + 1` rows in page order. */
export async function listApiKeys(db: Db, params: IdPageParams): Promise<ApiKeyRow[]> {
  const page = idPage(apiKeys.id, params);
  return db
    .select()
    .from(apiKeys)
    .where(and(isNull(apiKeys.revokedAt), page.where))
    .orderBy(page.orderBy)
    .limit(page.limit);
}

/** Marks a live key revoked; returns whether a live key with that id existed. */
export async function revokeApiKey(db: Db, params: { id: string; now: Date }): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: params.now })
    .where(and(eq(apiKeys.id, params.id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** The live key with this hash: one probe of the unique `key_hash` index. */
export async function findLiveApiKey(
  db: Db,
  params: { keyHash: string },
): Promise<Pick<ApiKeyRow, "id" | "scope" | "lastUsedAt"> | undefined> {
  const [row] = await db
    .select({ id: apiKeys.id, scope: apiKeys.scope, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, params.keyHash), isNull(apiKeys.revokedAt)));
  return row;
}

/**
 * Records that a key was used, unless that was already recorded after `staleBefore`. The
 * guard keeps concurrent requests from all writing the same row.
 */
export async function touchApiKey(
  db: Db,
  params: { id: string; now: Date; staleBefore: Date },
): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: params.now })
    .where(
      and(
        eq(apiKeys.id, params.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, params.staleBefore)),
      ),
    );
}
