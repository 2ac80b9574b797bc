import { createMetricsRegistry } from "@dsync/runtime";
import { Counter } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveWorkerHttp } from "./worker-http";

const registry = createMetricsRegistry();
new Counter({
  name: "dsync_test_total",
  help: "A counter only this test registers.",
  registers: [registry],
}).inc(3);
let server: Awaited<ReturnType<typeof serveWorkerHttp>>;
let base: string;

beforeAll(async () => {
  server = await serveWorkerHttp({ port: 0, host: "127.0.0.1", registry });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
});

describe("serveWorkerHttp", () => {
  it("serves the registry at /metrics in the Prometheus text format", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(await res.text()).toMatch(/^dsync_test_total 3$/m);
  });

  it("answers /health, and 404 in JSON for anything else", async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});
