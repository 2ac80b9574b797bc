import { lookup as systemLookup } from "node:dns";
import { isIP } from "node:net";
import { Agent, buildConnector, type Dispatcher, request } from "undici";
import { isPublicAddress } from "./address-guard";

/** How the outbound webhook client behaves; only `allowPrivate` has no default. */
export interface WebhookClientOptions {
  /** DSYNC_WEBHOOK_ALLOW_PRIVATE: deliver to private, loopback and link-local receivers (development). */
  allowPrivate: boolean;
  /** Whole attempt deadline (connect + response headers); a 2xx status within it is success. */
  timeoutMs?: number;
  /** TCP/TLS connect deadline, DNS lookup included; defaults to min(5 000, timeoutMs). */
  connectTimeoutMs?: number;
  /** Response body bytes read for diagnostics; the rest is discarded without being read. */
  maxResponseBytes?: number;
  /** Keep-alive connections per receiver origin. */
  maxConnectionsPerOrigin?: number;
  /** Resolver used before connecting; injectable so tests can play DNS rebinding. */
  lookup?: typeof import("node:dns").lookup;
}

/** One delivery attempt: `body` is sent byte for byte, because the signature covers it. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** Why an attempt did not succeed. */
export type WebhookFailure =
  | "timeout"
  | "connection_failed"
  | "dns_failed"
  | "private_address"
  | "redirect"
  | "http_status"
  | "tls_failed"
  | "invalid_url"
  | "aborted";

/** What one attempt did, in the shape a delivery-attempt row stores. */
export interface WebhookAttemptResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  failure: WebhookFailure | null;
  error: string | null;
  responseExcerpt: string | null;
}

/** Sends webhook attempts over one keep-alive pool. */
export interface WebhookClient {
  send(request: WebhookRequest): Promise<WebhookAttemptResult>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16_384;
const DEFAULT_MAX_CONNECTIONS_PER_ORIGIN = 128;
// Some receivers sit behind WAFs that reject requests without a User-Agent.
const USER_AGENT = "dsync-webhooks/1";

/** Raised by the connector so the request fails as "private_address", not as a network error. */
class PrivateAddressError extends Error {}

/** Raised by the connector when the resolver neither answers nor fails within the connect deadline. */
class LookupTimeoutError extends Error {}

/** Why the per-attempt abort controller fired: the deadline, or the caller's signal. */
type AbortCause = "deadline" | "caller";

interface ResolveOptions {
  allowPrivate: boolean;
  lookup: typeof import("node:dns").lookup;
  connectTimeoutMs: number;
}

/**
 * The one address a connection to `hostname` will use. The guard judges this address and the
 * socket is opened to it, never to the name, so a DNS answer that changes between the check and
 * the connect (rebinding) cannot steer the connection somewhere else.
 */
function resolveReceiverAddress(hostname: string, options: ResolveOptions): Promise<string> {
  if (isIP(hostname) !== 0) {
    // net.connect skips the resolver for literals, so they are judged here directly.
    if (options.allowPrivate || isPublicAddress(hostname)) return Promise.resolve(hostname);
    return Promise.reject(new PrivateAddressError(privateMessage(hostname, hostname)));
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new LookupTimeoutError(
          `no DNS answer for ${hostname} within ${options.connectTimeoutMs} ms`,
        ),
      );
    }, options.connectTimeoutMs);
    options.lookup(hostname, { all: true }, (error, answer) => {
      clearTimeout(timer);
      if (error) return reject(error);
      // A stub may ignore `all` and answer with one address.
      const addresses = (Array.isArray(answer) ? answer : [{ address: answer }]).map(
        (entry) => entry.address,
      );
      // Dialling exactly the address that passed makes a mixed answer safe to use.
      const chosen = options.allowPrivate ? addresses[0] : addresses.find(isPublicAddress);
      if (chosen !== undefined) return resolve(chosen);
      const first = addresses[0];
      if (first === undefined) {
        return reject(
          Object.assign(new Error(`${hostname} has no addresses`), { code: "ENODATA" }),
        );
      }
      reject(new PrivateAddressError(privateMessage(hostname, first)));
    });
  });
}

function privateMessage(hostname: string, address: string): string {
  const subject = hostname === address ? address : `${hostname} resolves to ${address}, which`;
  return `${subject} is a private address; set DSYNC_WEBHOOK_ALLOW_PRIVATE=true to allow it`;
}

/** An undici connector that resolves and guards the receiver address itself, then dials that IP. */
function guardedConnector(options: ResolveOptions): buildConnector.connector {
  const dial = buildConnector({ timeout: options.connectTimeoutMs });
  return (target, callback) => {
    resolveReceiverAddress(target.hostname, options).then(
      (address) => {
        // Certificates are checked against, and SNI names, the URL's host, not the IP dialled.
        const servername =
          target.servername ?? (isIP(target.hostname) ? undefined : target.hostname);
        dial({ ...target, hostname: address, servername }, callback);
      },
      (error: Error) => callback(error, null),
    );
  };
}

/** The first `limit` bytes of a response body; whatever follows is destroyed unread. */
async function readExcerpt(body: Dispatcher.ResponseData["body"], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = limit - size;
      // Strictly greater: a body that ends exactly at the limit still finishes, which keeps the
      // connection reusable; an early return destroys the stream (and with it the socket).
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = limit;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch {
    // The deadline or a dropped connection mid-body: the status already decided the attempt.
  } finally {
    if (!body.destroyed && !body.readableEnded) body.destroy();
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "ENODATA"]);
const REQUEST_CODES = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH"]);

function isTlsCode(code: string): boolean {
  return /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);
}

/** Maps a failed request to the closed set of failure kinds and one readable line. */
function describeFailure(
  error: unknown,
  url: URL,
  timeouts: { timeoutMs: number; connectTimeoutMs: number },
): { failure: WebhookFailure; error: string } {
  const code = errorCode(error);
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const host = url.hostname;
  if (error instanceof PrivateAddressError) return { failure: "private_address", error: message };
  if (code === "UND_ERR_HEADERS_TIMEOUT") {
    return { failure: "timeout", error: `no response within ${timeouts.timeoutMs} ms` };
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return {
      failure: "timeout",
      error: `could not connect to ${host} within ${timeouts.connectTimeoutMs} ms`,
    };
  }
  if (error instanceof LookupTimeoutError) return { failure: "dns_failed", error: message };
  if (code !== undefined && DNS_CODES.has(code)) {
    return { failure: "dns_failed", error: `DNS lookup of ${host} failed (${code})` };
  }
  if (code !== undefined && isTlsCode(code)) {
    return { failure: "tls_failed", error: `TLS with ${host} failed: ${message} (${code})` };
  }
  if (code === "ECONNREFUSED") {
    const { address, port } = error as { address?: string; port?: number };
    const where = address === undefined ? host : `${address}:${port}`;
    return { failure: "connection_failed", error: `connection refused (ECONNREFUSED ${where})` };
  }
  if (code !== undefined && REQUEST_CODES.has(code)) {
    // The request itself was malformed (a header the caller built): nothing left the process.
    return { failure: "connection_failed", error: `request not sent: ${message} (${code})` };
  }
  return {
    failure: "connection_failed",
    error: code === undefined ? message : `connection failed: ${message} (${code})`,
  };
}

/** Success, failure kind and message decided by the status line alone. */
function judgeStatus(
  response: Pick<Dispatcher.ResponseData, "statusCode" | "headers">,
): Pick<WebhookAttemptResult, "ok" | "statusCode" | "failure" | "error"> {
  const { statusCode } = response;
  if (statusCode >= 200 && statusCode < 300) {
    return { ok: true, statusCode, failure: null, error: null };
  }
  if (statusCode >= 300 && statusCode < 400) {
    // Following would let a public receiver bounce the delivery to an address the guard never
    // saw in the URL; the receiver has to configure its final URL instead.
    const { location } = response.headers;
    const to = typeof location === "string" ? ` to ${oneLine(location)}` : "";
    return {
      ok: false,
      statusCode,
      failure: "redirect",
      error: `redirect (${statusCode})${to} not followed`,
    };
  }
  return {
    ok: false,
    statusCode,
    failure: "http_status",
    error: `receiver answered HTTP ${statusCode}`,
  };
}

function withUserAgent(headers: Record<string, string>): Record<string, string> {
  const named = Object.keys(headers).some((name) => name.toLowerCase() === "user-agent");
  return named ? headers : { ...headers, "user-agent": USER_AGENT };
}

/**
 * The outbound webhook client: POSTs exact bytes, follows no redirects, counts only a 2xx within
 * the deadline as success and refuses non-public receivers at connect time, after DNS.
 */
export function createWebhookClient(options: WebhookClientOptions): WebhookClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs =
    options.connectTimeoutMs ?? Math.min(DEFAULT_CONNECT_TIMEOUT_MS, timeoutMs);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agent = new Agent({
    connect: guardedConnector({
      allowPrivate: options.allowPrivate,
      lookup: options.lookup ?? systemLookup,
      connectTimeoutMs,
    }),
    connections: options.maxConnectionsPerOrigin ?? DEFAULT_MAX_CONNECTIONS_PER_ORIGIN,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  async function send(attempt: WebhookRequest): Promise<WebhookAttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // Every outcome without a status line has the same empty response fields.
    const failed = (
      outcome: Pick<WebhookAttemptResult, "failure" | "error">,
    ): WebhookAttemptResult => ({
      ok: false,
      statusCode: null,
      latencyMs: elapsed(),
      responseExcerpt: null,
      ...outcome,
    });

    let url: URL;
    try {
      url = new URL(attempt.url);
    } catch {
      return failed({ failure: "invalid_url", error: `${attempt.url} is not a URL` });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return failed({ failure: "invalid_url", error: `${url.protocol} URLs are not delivered to` });
    }
    if (attempt.signal?.aborted) {
      return failed({ failure: "aborted", error: "aborted before sending" });
    }

    const controller = new AbortController();
    let cause: AbortCause | undefined;
    const abort = (why: AbortCause) => {
      cause ??= why;
      controller.abort();
    };
    const timer = setTimeout(() => abort("deadline"), timeoutMs);
    const onCallerAbort = () => abort("caller");
    attempt.signal?.addEventListener("abort", onCallerAbort, { once: true });

    try {
      const response = await request(url, {
        method: "POST",
        body: attempt.body,
        headers: withUserAgent(attempt.headers),
        dispatcher: agent,
        signal: controller.signal,
      });
      const latencyMs = elapsed();
      const responseExcerpt = await readExcerpt(response.body, maxResponseBytes);
      return { ...judgeStatus(response), latencyMs, responseExcerpt };
    } catch (error) {
      if (cause === "caller") return failed({ failure: "aborted", error: "aborted by the caller" });
      if (cause === "deadline") {
        return failed({ failure: "timeout", error: `no response within ${timeoutMs} ms` });
      }
      return failed(describeFailure(error, url, { timeoutMs, connectTimeoutMs }));
    } finally {
      clearTimeout(timer);
      attempt.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  return {
    send,
    close: () => agent.close(),
  };
}
