import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a receiver got, as it arrived. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** Decides the answer to one request; the default answers 204. */
export type ReceiverBehaviour = (request: ReceivedWebhook, res: ServerResponse) => void;

/** A local stand-in for a customer's webhook receiver. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Replaces how later requests are answered. */
  respondWith(behaviour: ReceiverBehaviour): void;
  /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** Answers every request with `status`. */
export const answer =
  (status: number, body = ""): ReceiverBehaviour =>
  (_request, res) => {
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(body);
  };

/** Starts a receiver on 127.0.0.1 at a random port, under a random path. */
export async function startWebhookReceiver(
  behaviour: ReceiverBehaviour = answer(204),
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let current = behaviour;
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: Date.now(),
      };
      received.push(request);
      for (const wake of waiters) wake();
      current(request, res);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/${randomBytes(4).toString("hex")}`,
    received,
    respondWith(next) {
      current = next;
    },
    waitFor(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          cleanup();
          resolve(received.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`receiver got ${received.length} of ${count} webhooks`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
