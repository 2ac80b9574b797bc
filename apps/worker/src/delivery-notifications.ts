import type { DbHandle } from "@dsync/db";
import type { Logger } from "@dsync/runtime";
import { SCAN_NOTIFICATION, WEBHOOK_DELIVERY_CHANNEL } from "@dsync/services";

/** What a NOTIFY on the delivery channel asks for: these job ids, or a scan for due work. */
export type DeliveryNotification = { kind: "jobs"; jobIds: string[] } | { kind: "scan" };

/** Parses one payload of the delivery channel. */
export function parseDeliveryNotification(payload: string): DeliveryNotification {
  if (payload === SCAN_NOTIFICATION || payload.trim() === "") return { kind: "scan" };
  return { kind: "jobs", jobIds: payload.split(",").filter((id) => id.length > 0) };
}

/**
 * Listens for deliveries committed anywhere (the trigger, replays, re-enabled endpoints).
 * A notification can be lost (listener reconnecting, process down); the sweeper covers that.
 */
export async function listenForDeliveries(
  db: DbHandle,
  logger: Logger,
  onNotification: (notification: DeliveryNotification) => Promise<void>,
): Promise<() => Promise<void>> {
  return db.listen(WEBHOOK_DELIVERY_CHANNEL, (payload) => {
    onNotification(parseDeliveryNotification(payload)).catch((error) =>
      logger.warn("could not schedule notified deliveries; the sweeper will", { error }),
    );
  });
}
