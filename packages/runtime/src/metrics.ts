import { type Db, webhookBacklog } from "@dsync/db";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";

export type { Registry } from "prom-client";

/**
 * A Prometheus registry with the process's own metrics (CPU, memory, event-loop lag) and, given
 * a database, the webhook backlog gauges.
 */
export function createMetricsRegistry(options: { backlogOf?: Db } = {}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (options.backlogOf) registerWebhookBacklogMetrics(registry, options.backlogOf);
  return registry;
}

/**
 * Gauges read from Postgres at scrape time: how many deliveries are pending and how long the
 * oldest has waited. They describe the whole installation, so any process can serve them.
 */
export function registerWebhookBacklogMetrics(registry: Registry, db: Db): void {
  let backlog: Promise<Awaited<ReturnType<typeof webhookBacklog>>> | undefined;
  // Both gauges are collected in one scrape; one query serves them.
  const read = () => {
    backlog ??= webhookBacklog(db).finally(() => {
      setTimeout(() => {
        backlog = undefined;
      }, 100).unref();
    });
    return backlog;
  };
  new Gauge({
    name: "dsync_webhook_deliveries_pending",
    help: "Webhook deliveries not yet delivered or failed, across every endpoint.",
    registers: [registry],
    async collect() {
      this.set((await read()).pending);
    },
  });
  new Gauge({
    name: "dsync_webhook_oldest_pending_age_seconds",
    help: "Age of the oldest undelivered event delivery (0 when nothing is pending).",
    registers: [registry],
    async collect() {
      const { oldestCreatedAt } = await read();
      this.set(oldestCreatedAt ? Math.max(0, (Date.now() - oldestCreatedAt.getTime()) / 1000) : 0);
    },
  });
}
