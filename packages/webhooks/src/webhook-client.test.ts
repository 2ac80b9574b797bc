import { execFileSync } from "node:child_process";
import type { LookupAddress } from "node:dns";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookClient, type WebhookClient, type WebhookClientOptions } from "./index";

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

interface Receiver {
  origin: string;
  port: number;
  received: Received[];
  connections: number;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(server: Server): void {
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
}

/** A local receiver that records every request it gets, then lets `respond` answer. */
async function startReceiver(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
  host = "127.0.0.1",
): Promise<Receiver> {
  const receiver: Receiver = { origin: "", port: 0, received: [], connections: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      receiver.received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      respond(req, res);
    });
  });
  server.on("connection", () => {
    receiver.connections++;
  });
  track(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.origin = `http://${host.includes(":") ? `[${host}]` : host}:${receiver.port}`;
  return receiver;
}

function client(options: Partial<WebhookClientOptions> = {}): WebhookClient {
  const created = createWebhookClient({ allowPrivate: true, ...options });
  cleanups.push(() => created.close());
  return created;
}

/** A resolver stub: every name resolves to `addresses`; calls are counted per name. */
function stubLookup(addresses: string[] | ((hostname: string) => string[])) {
  const calls: string[] = [];
  const lookup = ((hostname: string, _options: unknown, callback: (...args: unknown[]) => void) => {
    calls.push(hostname);
    const answer = typeof addresses === "function" ? addresses(hostname) : addresses;
    const entries: LookupAddress[] = answer.map((address) => ({
      address,
      family: address.includes(":") ? 6 : 4,
    }));
    setImmediate(() => callback(null, entries));
  }) as unknown as WebhookClientOptions["lookup"];
  return { lookup, calls };
}

const never = () => {};
const respondWith =
  (status: number, body = "", headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers).end(body);
  };
const post = (url: string, extra: { signal?: AbortSignal } = {}) => ({
  url,
  body: '{"id":"event_1"}',
  headers: { "content-type": "application/json" },
  ...extra,
});

describe("createWebhookClient: outcomes", () => {
  it("counts a 2xx as success", async () => {
    const receiver = await startReceiver(respondWith(204));
    const result = await client().send(post(`${receiver.origin}/hook`));
    expect(result).toMatchObject({ ok: true, statusCode: 204, failure: null, error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(receiver.received).toHaveLength(1);
  });

  it("reports a 500 with an excerpt of the body", async () => {
    const receiver = await startReceiver(respondWith(500, "database is down"));
    const result = await client().send(post(receiver.origin));
    expect(result).toMatchObject({
      ok: false,
      statusCode: 500,
      failure: "http_status",
      responseExcerpt: "database is down",
    });
    expect(result.error).toContain("500");
  });

  it.each([301, 302, 307, 308])("does not follow a %i redirect", async (status) => {
    const target = await startReceiver(respondWith(200));
    const location = `${target.origin}/elsewhere`;
    const receiver = await startReceiver(respondWith(status, "", { location }));
    const result = await client().send(post(receiver.origin));
    expect(result).toMatchObject({ ok: false, statusCode: status, failure: "redirect" });
    expect(result.error).toBe(`redirect (${status}) to ${location} not followed`);
    expect(receiver.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
  });

  it("times out when the receiver never answers", async () => {
    const receiver = await startReceiver(never);
    const started = Date.now();
    const result = await client({ timeoutMs: 300 }).send(post(receiver.origin));
    expect(result).toMatchObject({ ok: false, statusCode: null, failure: "timeout" });
    expect(result.error).toBe("no response within 300 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a refused connection", async () => {
    const closed = await startReceiver(never);
    await cleanups.pop()?.();
    const result = await client().send(post(closed.origin));
    expect(result).toMatchObject({ ok: false, statusCode: null, failure: "connection_failed" });
    expect(result.error).toBe(`connection refused (ECONNREFUSED 127.0.0.1:${closed.port})`);
  });

  it.each([200, 500])("caps an endless %i body and returns promptly", async (status) => {
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(status);
      const chunk = Buffer.alloc(64 * 1024, "x");
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const started = Date.now();
    const result = await client({ maxResponseBytes: 1000, timeoutMs: 60_000 }).send(
      post(receiver.origin),
    );
    expect(result.statusCode).toBe(status);
    expect(result.ok).toBe(status === 200);
    expect(result.responseExcerpt).toBe("x".repeat(1000));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("delivers the body bytes and headers exactly, as a POST", async () => {
    const receiver = await startReceiver(respondWith(200));
    const body = '{"name":"Zoë ✓ 🚀","nul":"\\u0000","crlf":"a\\r\\nb"}  \n';
    const headers = {
      "content-type": "application/json",
      "webhook-id": "event_01J",
      "workos-signature": "t=1, v1=abc",
      "x-Mixed-Case": "Value With Spaces",
    };
    const result = await client().send({ url: `${receiver.origin}/p?q=1`, body, headers });
    expect(result.ok).toBe(true);
    const [got] = receiver.received;
    expect(got?.method).toBe("POST");
    expect(got?.url).toBe("/p?q=1");
    expect(got?.body.equals(Buffer.from(body, "utf8"))).toBe(true);
    expect(got?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(got?.headers).toMatchObject({
      "content-type": "application/json",
      "webhook-id": "event_01J",
      "workos-signature": "t=1, v1=abc",
      "x-mixed-case": "Value With Spaces",
    });
  });

  it("reuses keep-alive connections across sends", async () => {
    const receiver = await startReceiver(respondWith(200, "ok"));
    const webhooks = client();
    for (let i = 0; i < 20; i++) expect((await webhooks.send(post(receiver.origin))).ok).toBe(true);
    expect(receiver.received).toHaveLength(20);
    // undici's pool may open a second socket while the first is still settling its first
    // response; a client that did not keep connections alive would open twenty.
    expect(receiver.connections).toBeLessThanOrEqual(2);
  });

  it("keeps up with concurrent sends", async () => {
    const receiver = await startReceiver(respondWith(200));
    const webhooks = client({ maxConnectionsPerOrigin: 16 });
    const results = await Promise.all(
      Array.from({ length: 300 }, () => webhooks.send(post(receiver.origin))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(receiver.received).toHaveLength(300);
    expect(receiver.connections).toBeLessThanOrEqual(16);
  });

  it.each(["ftp://example.com/hook", "not a url", "file:///etc/passwd", "javascript:alert(1)"])(
    "refuses %s as invalid_url",
    async (url) => {
      const result = await client().send(post(url));
      expect(result).toMatchObject({ ok: false, failure: "invalid_url", statusCode: null });
    },
  );

  it("reports a DNS failure", async () => {
    const lookup = ((_h: string, _o: unknown, callback: (...args: unknown[]) => void) => {
      setImmediate(() =>
        callback(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" })),
      );
    }) as unknown as WebhookClientOptions["lookup"];
    const result = await client({ lookup }).send(post("http://nowhere.test/hook"));
    expect(result).toMatchObject({ failure: "dns_failed" });
    expect(result.error).toBe("DNS lookup of nowhere.test failed (ENOTFOUND)");
  });
  it("gives up on a resolver that never answers within the connect timeout", async () => {
    const lookup = (() => {}) as unknown as WebhookClientOptions["lookup"];
    const started = Date.now();
    const result = await client({ lookup, connectTimeoutMs: 200, timeoutMs: 10_000 }).send(
      post("http://silent.test/hook"),
    );
    expect(result).toMatchObject({ failure: "dns_failed" });
    expect(result.error).toBe("no DNS answer for silent.test within 200 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a header the caller built wrong without throwing", async () => {
    const receiver = await startReceiver(respondWith(200));
    const result = await client().send({
      url: receiver.origin,
      body: "{}",
      headers: { "x-bad": "a\r\nb" },
    });
    expect(result).toMatchObject({ ok: false, failure: "connection_failed", statusCode: null });
    expect(result.error).toMatch(/^request not sent: /);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("createWebhookClient: caller abort", () => {
  it("reports aborted when the caller's signal fires mid-attempt", async () => {
    const receiver = await startReceiver(never);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await client({ timeoutMs: 10_000 }).send(
      post(receiver.origin, { signal: controller.signal }),
    );
    expect(result).toMatchObject({ ok: false, failure: "aborted", statusCode: null });
  });

  it("sends nothing when the signal has already fired", async () => {
    const receiver = await startReceiver(respondWith(200));
    const result = await client().send(post(receiver.origin, { signal: AbortSignal.abort() }));
    expect(result.failure).toBe("aborted");
    expect(receiver.received).toHaveLength(0);
  });
});

describe("createWebhookClient: private-address guard", () => {
  it.each([
    ["127.0.0.1", (port: number) => `http://127.0.0.1:${port}/`],
    ["localhost", (port: number) => `http://localhost:${port}/`],
    ["127.1 spelled as a number", (port: number) => `http://2130706433:${port}/`],
    ["::ffff:127.0.0.1", (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
  ])("refuses %s and the receiver gets nothing", async (_name, url) => {
    const receiver = await startReceiver(respondWith(200));
    const result = await client({ allowPrivate: false }).send(post(url(receiver.port)));
    expect(result).toMatchObject({ ok: false, failure: "private_address", statusCode: null });
    expect(result.error).toMatch(/is a private address; set DSYNC_WEBHOOK_ALLOW_PRIVATE=true/);
    expect(receiver.received).toHaveLength(0);
    expect(receiver.connections).toBe(0);
  });

  it("refuses [::1] and the receiver gets nothing", async () => {
    const receiver = await startReceiver(respondWith(200), "::1").catch(() => undefined);
    // Without IPv6 loopback there is no server to protect, but the refusal must still happen.
    const port = receiver?.port ?? 9;
    const result = await client({ allowPrivate: false }).send(post(`http://[::1]:${port}/`));
    expect(result.failure).toBe("private_address");
    expect(result.error).toBe(
      "::1 is a private address; set DSYNC_WEBHOOK_ALLOW_PRIVATE=true to allow it",
    );
    expect(receiver?.connections ?? 0).toBe(0);
  });

  it.each(["10.0.0.1", "169.254.169.254"])("refuses %s before connecting", async (ip) => {
    const result = await client({ allowPrivate: false, connectTimeoutMs: 60_000 }).send(
      post(`http://${ip}/latest/meta-data/`),
    );
    expect(result.failure).toBe("private_address");
    expect(result.error).toBe(
      `${ip} is a private address; set DSYNC_WEBHOOK_ALLOW_PRIVATE=true to allow it`,
    );
  });

  it("judges the address DNS returns, not the name (rebind.test → 127.0.0.1)", async () => {
    const receiver = await startReceiver(respondWith(200));
    const { lookup, calls } = stubLookup(["127.0.0.1"]);
    const result = await client({ allowPrivate: false, lookup }).send(
      post(`http://rebind.test:${receiver.port}/`),
    );
    expect(result.failure).toBe("private_address");
    expect(result.error).toBe(
      "rebind.test resolves to 127.0.0.1, which is a private address; set DSYNC_WEBHOOK_ALLOW_PRIVATE=true to allow it",
    );
    expect(calls).toEqual(["rebind.test"]);
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses when every answer is private, even if several are returned", async () => {
    const receiver = await startReceiver(respondWith(200));
    const { lookup } = stubLookup(["10.1.2.3", "127.0.0.1", "::1", "fe80::1"]);
    const result = await client({ allowPrivate: false, lookup }).send(
      post(`http://multi.test:${receiver.port}/`),
    );
    expect(result.failure).toBe("private_address");
    expect(receiver.received).toHaveLength(0);
  });

  it("asks DNS once per connection and dials the address it judged", async () => {
    const receiver = await startReceiver(respondWith(200));
    // A name no real resolver knows: reaching the receiver proves the client dialled the
    // stub's answer instead of letting net.connect resolve the name a second time.
    const { lookup, calls } = stubLookup(["127.0.0.1"]);
    const result = await client({ allowPrivate: true, lookup }).send(
      post(`http://pinned.test:${receiver.port}/`),
    );
    expect(result.ok).toBe(true);
    expect(calls).toEqual(["pinned.test"]);
    expect(receiver.received[0]?.headers.host).toBe(`pinned.test:${receiver.port}`);
  });

  it("resolves again for each new connection, so a later private answer is refused", async () => {
    const receiver = await startReceiver(respondWith(200));
    let answer = "127.0.0.1";
    const { lookup, calls } = stubLookup(() => [answer]);
    const first = await client({ allowPrivate: true, lookup }).send(
      post(`http://rebind.test:${receiver.port}/`),
    );
    expect(first.ok).toBe(true);
    answer = "10.0.0.1";
    const second = await client({ allowPrivate: false, lookup }).send(
      post(`http://rebind.test:${receiver.port}/`),
    );
    expect(second.failure).toBe("private_address");
    expect(calls).toEqual(["rebind.test", "rebind.test"]);
    expect(receiver.received).toHaveLength(1);
  });
});

describe("createWebhookClient: TLS", () => {
  const openssl = (() => {
    try {
      execFileSync("openssl", ["version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

  // Without the openssl CLI there is no way to mint a certificate at test time.
  it.skipIf(!openssl)(
    "fails a self-signed certificate as tls_failed, naming the host in SNI",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "dsync-webhooks-tls-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      execFileSync(
        "openssl",
        [
          ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj"],
          ...[
            "/CN=selfsigned.test",
            "-keyout",
            join(dir, "key.pem"),
            "-out",
            join(dir, "cert.pem"),
          ],
        ],
        { stdio: "ignore" },
      );
      const serverNames: string[] = [];
      const received: string[] = [];
      const server = createHttpsServer(
        {
          key: readFileSync(join(dir, "key.pem")),
          cert: readFileSync(join(dir, "cert.pem")),
          SNICallback: (name, callback) => {
            serverNames.push(name);
            callback(null);
          },
        },
        (req, res) => {
          received.push(req.url ?? "");
          res.end();
        },
      );
      track(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      const { lookup } = stubLookup(["127.0.0.1"]);

      const result = await client({ lookup }).send(post(`https://selfsigned.test:${port}/`));
      expect(result).toMatchObject({ ok: false, failure: "tls_failed", statusCode: null });
      expect(result.error).toMatch(
        /^TLS with selfsigned.test failed: .*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
      );
      expect(serverNames).toContain("selfsigned.test");
      expect(received).toHaveLength(0);
    },
  );
});
