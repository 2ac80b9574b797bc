import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { webhookEndpoints } from "../schema";
import { idPage } from "./id-page";
import type { IdPageParams } from "./organizations";

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type NewWebhookEndpointRow = typeof webhookEndpoints.$inferInsert;

// Endpoints belong to the installation (an optional organization only filters what they
// receive), like API keys: the management API that owns them has no narrower tenant.

/** Inserts one webhook endpoint. */
export async function insertWebhookEndpoint(
  db: Db,
  row: NewWebhookEndpointRow,
): Promise<WebhookEndpointRow> {
  const [inserted] = await db.insert(webhookEndpoints).values(row).returning();
  return inserted!;
}

/** One page of webhook endpoints, `limit + 1` rows in page order. */
export async function listWebhookEndpoints(
  db: Db,
  params: IdPageParams,
): Promise<WebhookEndpointRow[]> {
  const page = idPage(webhookEndpoints.id, params);
  return db
    .select()
    .from(webhookEndpoints)
    .where(page.where)
    .orderBy(page.orderBy)
    .limit(page.limit);
}

/** The webhook endpoint with this id, if any. */
export async function findWebhookEndpoint(
  db: Db,
  params: { id: string },
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, params.id));
  return row;
}

/** Updates the given columns of one endpoint; undefined when it does not exist. */
export async function updateWebhookEndpoint(
  db: Db,
  params: {
    id: string;
    set: Partial<
      Pick<
        NewWebhookEndpointRow,
        | "endpointUrl"
        | "events"
        | "status"
        | "secret"
        | "previousSecret"
        | "previousSecretExpiresAt"
        | "failingSince"
      >
    > & { updatedAt: Date };
  },
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set(params.set)
    .where(eq(webhookEndpoints.id, params.id))
    .returning();
  return row;
}

/** Deletes one endpoint; returns whether it existed. */
export async function deleteWebhookEndpoint(db: Db, params: { id: string }): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, params.id))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}
