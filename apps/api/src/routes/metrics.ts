import { createMetricsRegistry, type Registry } from "@dsync/runtime";
import type { AppDeps } from "../deps";
import type { ApiApp } from "../env";

/**
 * `/metrics` in the Prometheus text format: this process's metrics (and, when the worker runs
 * in it, the delivery counters), plus the webhook backlog read from Postgres. Unauthenticated
 * like `/health`, as scrapers expect; it carries counts, never identities.
 */
export function registerMetrics(app: ApiApp, deps: AppDeps, registry?: Registry): void {
  let own: Registry | undefined;
  const metrics = () => {
    if (registry) return registry;
    own ??= createMetricsRegistry({ backlogOf: deps.db });
    return own;
  };
  app.get("/metrics", async (c) => {
    const target = metrics();
    return c.body(await target.metrics(), 200, { "content-type": target.contentType });
  });
}
