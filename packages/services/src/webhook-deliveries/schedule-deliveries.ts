import {
  type ClaimedDeliveryRow,
  claimDueWebhookDeliveries,
  type Db,
  findOverdueWebhookDeliveries,
} from "@dsync/db";
import { deliveryLeaseMs, type WebhookDeliveryDeps } from "./deliver-webhook";

// What schedulers need to know about the rows: the NOTIFY channel and its job-id format.
export {
  parseDeliveryJobId,
  SCAN_NOTIFICATION,
  WEBHOOK_DELIVERY_CHANNEL,
} from "@dsync/db";

/** Leases up to `limit` due deliveries for a scheduler without a queue (oldest due first). */
export function claimDueDeliveries(
  deps: WebhookDeliveryDeps,
  limit: number,
): Promise<ClaimedDeliveryRow[]> {
  return claimDueWebhookDeliveries(deps.db, { limit, leaseMs: deliveryLeaseMs(deps.settings) });
}

/**
 * One page of job ids for deliveries a queue lost: pending, overdue by `overdueMs`, unheld
 * (see `findOverdueWebhookDeliveries` for how ids name a lapsed lease).
 */
export function findLostDeliveries(
  db: Db,
  params: { overdueMs: number; limit: number; afterId?: string },
): Promise<{ jobIds: string[]; lastId: string | undefined }> {
  return findOverdueWebhookDeliveries(db, params);
}
