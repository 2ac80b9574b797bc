import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "@dsync/runtime";

/** The worker's small HTTP face: `/metrics` for Prometheus, `/health` for orchestrators. */
export async function serveWorkerHttp(options: {
  port: number;
  host: string;
  registry: Registry;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/metrics") {
      options.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": options.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end("metrics unavailable\n");
        },
      );
      return;
    }
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"message":"Not found","code":"NOT_FOUND"}');
  });
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(options.port, options.host, ready);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
