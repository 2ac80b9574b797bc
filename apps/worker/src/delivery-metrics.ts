import type { DeliveryOutcome } from "@dsync/services";
import type { WebhookAttemptResult } from "@dsync/webhooks";
import { Counter, Histogram, type Registry } from "prom-client";

/** What a worker counts about its own deliveries. */
export interface DeliveryMetrics {
  /** Counts one scheduled attempt by what became of it. */
  outcome(outcome: DeliveryOutcome): void;
  /** Times one finished HTTP attempt. */
  attempt(result: WebhookAttemptResult): void;
}

/** Registers the delivery counters and the attempt latency histogram on `registry`. */
export function createDeliveryMetrics(registry: Registry): DeliveryMetrics {
  const outcomes = new Counter({
    name: "dsync_webhook_deliveries_total",
    help: "Scheduled delivery attempts by outcome: delivered, retry, failed, skipped, released, lease_lost.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "dsync_webhook_attempt_duration_seconds",
    help: "Time from sending a webhook to its response status, by result (success or the failure kind).",
    labelNames: ["result"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
  });
  return {
    outcome: (outcome) => outcomes.inc({ outcome: outcome.kind }),
    attempt: (result) =>
      latency.observe({ result: result.failure ?? "success" }, result.latencyMs / 1000),
  };
}
