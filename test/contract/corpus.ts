import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import {
  checkExpectations,
  headerValue,
  type ObservedResponse,
  parseBody,
  show,
} from "./check-expectations";
import {
  type CorpusFile,
  type CorpusStep,
  type Expectation,
  isParallelStep,
  type ParallelStep,
  parseCorpusFile,
  type RequestStep,
} from "./corpus-schema";
import { evaluateJsonPath } from "./json-path";

export * from "./corpus-schema";

/** One `*.json` corpus file: parsed, or why it could not be (reported as that file's failure). */
export interface CorpusEntry {
  file: string;
  corpus?: CorpusFile;
  error?: Error;
}

/** Reads every `*.json` file of `dir`, sorted by name. Sync: tests are declared from it. */
export function loadCorpusDir(dir: string): CorpusEntry[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => {
      try {
        const raw: unknown = JSON.parse(readFileSync(join(dir, file), "utf8"));
        return { file, corpus: parseCorpusFile(file, raw) };
      } catch (error) {
        return { file, error: error as Error };
      }
    });
}

/**
 * The directory type a sequence runs against, so the server applies that provider's
 * profile (design.md §4 "Provider profiles"). Unknown providers and RFC scenarios get the
 * generic profile.
 */
export function directoryTypeForIdp(idp: string): string {
  switch (idp.toLowerCase()) {
    case "entra":
    case "azure":
      return "azure scim v2.0";
    case "okta":
      return "okta scim v2.0";
    case "jumpcloud":
      return "jump cloud scim v2.0";
    case "ping":
    case "pingfederate":
      return "pingfederate scim v2.0";
    case "onelogin":
      return "onelogin scim v2.0";
    case "rippling":
      return "rippling scim v2.0";
    default:
      return "generic scim v2.0";
  }
}

/** A unique, lower-case token for `${run}` (`${RUN}` is its upper-case form). */
export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

// ---------------------------------------------------------------------------------------
// Variables

export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`variable \${${variable}} is not defined (an earlier step failed to save it?)`);
    this.name = "MissingVariableError";
  }
}

/**
 * Replaces `${name}` in a string: `${run}` / `${RUN}` (the run id, upper-cased), `${@uuid}`
 * (a fresh UUID per occurrence, like Postman's dynamic variables) and names saved by
 * earlier steps. An unknown name throws: sending the literal text would test nothing.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name === "@uuid") return randomUUID();
    const value = vars.get(name);
    if (value === undefined) throw new MissingVariableError(name);
    return value;
  });
}

/** Substitutes inside every string (keys included) of a JSON value, not in its serialization, so
 * a saved value containing quotes (an ETag) cannot break the JSON. */
export function substituteDeep<T>(value: T, vars: ReadonlyMap<string, string>): T {
  if (typeof value === "string") return substitute(value, vars) as T;
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, vars)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [substitute(k, vars), substituteDeep(v, vars)]),
    ) as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Requests

/** A directory as the runner sees it: its SCIM base URL and bearer token. */
export interface ScimTarget {
  scimBase: string;
  token: string;
}

type RequestTemplate = Omit<RequestStep, "name" | "save" | "expect" | "optional">;

/** A request as sent, for failure messages (the bearer token is not printed). */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface StepReport {
  index: number;
  name: string;
  optional: boolean;
  failures: string[];
  request?: SentRequest;
  response?: ObservedResponse;
  /** Parallel steps: one example response per status. */
  samples?: Map<number, ObservedResponse>;
}

export interface RunOptions {
  file: string;
  corpus: CorpusFile;
  /** Index 0 is directory 1. */
  targets: ScimTarget[];
  run?: string;
  /** Per request; a hung server fails a step instead of the whole test timing out. */
  timeoutMs?: number;
}

export interface RunResult {
  file: string;
  run: string;
  steps: StepReport[];
  failed: StepReport[];
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** Builds the HTTP request of a step (vars substituted). Throws MissingVariableError. */
export function buildRequest(
  template: RequestTemplate,
  targets: ScimTarget[],
  vars: ReadonlyMap<string, string>,
): { sent: SentRequest; headers: Record<string, string> } {
  const dir = template.dir ?? 1;
  const target = targets[dir - 1];
  if (!target) throw new Error(`step uses directory ${dir}, but only ${targets.length} exist`);
  const tokenIndex = template.tokenOf ?? dir;
  const tokenOwner = targets[tokenIndex - 1];
  if (!tokenOwner) throw new Error(`step uses the token of directory ${tokenIndex}`);

  let url = `${target.scimBase.replace(/\/+$/, "")}${substitute(template.path, vars)}`;
  if (template.query !== undefined) {
    const pairs = Object.entries(template.query).map(
      ([k, v]) =>
        `${encodeURIComponent(substitute(k, vars))}=${encodeURIComponent(substitute(String(v), vars))}`,
    );
    if (pairs.length > 0) url += `?${pairs.join("&")}`;
  } else if (template.rawQuery !== undefined) {
    // Sent verbatim: the file chose the encoding ("+" for spaces, %40, ...).
    url += `?${substitute(template.rawQuery, vars)}`;
  }

  const headers: Record<string, string> = {};
  const shown: Record<string, string> = {};
  const auth = template.auth ?? "bearer";
  if (auth === "bearer") {
    headers.authorization = `Bearer ${tokenOwner.token}`;
    shown.authorization = `Bearer <token of directory ${tokenIndex}>`;
  } else if (auth === "invalid") {
    headers.authorization = `Bearer invalid-${randomBytes(16).toString("hex")}`;
    shown.authorization = headers.authorization;
  } else if (auth !== "none") {
    headers.authorization = substitute(auth, vars);
    shown.authorization = headers.authorization;
  }

  let body: string | undefined;
  if (template.body !== undefined) body = JSON.stringify(substituteDeep(template.body, vars));
  else if (template.bodyRaw !== undefined) body = substitute(template.bodyRaw, vars);
  // SCIM's media type (RFC 7644 §3.1) unless the step sets its own Content-Type; also for
  // bodyRaw, so malformed-JSON steps test the parser and not media-type negotiation.
  if (body !== undefined) headers["content-type"] = "application/scim+json";

  // The step's own headers win, Authorization included (its value is in the file anyway).
  for (const [name, value] of Object.entries(template.headers ?? {})) {
    headers[name.toLowerCase()] = substitute(value, vars);
    shown[name.toLowerCase()] = headers[name.toLowerCase()]!;
  }
  for (const [name, value] of Object.entries(headers)) shown[name] ??= value;

  const sent: SentRequest = { method: template.method, url, headers: shown };
  if (body !== undefined) sent.body = body;
  return { sent, headers };
}

/** Sends one request and reads the whole response. Network errors become failures upstream. */
export async function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ObservedResponse> {
  const response = await request(url, {
    method: method as "GET",
    headers,
    body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const bodyText = await response.body.text();
  return { status: response.statusCode, headers: response.headers, bodyText };
}

// ---------------------------------------------------------------------------------------
// Running a file

/**
 * Replays every step of a corpus file, optional ones included (dsync claims every optional
 * feature). A failing step does not stop the run: later, independent steps still report,
 * and a step needing a value an earlier failure did not save reports that instead.
 */
export async function runCorpus(options: RunOptions): Promise<RunResult> {
  const run = options.run ?? newRunId();
  const vars = new Map<string, string>([
    ["run", run],
    ["RUN", run.toUpperCase()],
  ]);
  const steps: StepReport[] = [];
  for (const [index, step] of options.corpus.steps.entries()) {
    const report: StepReport = {
      index,
      name: stepName(step),
      optional: step.optional === true || options.corpus.optional === true,
      failures: [],
    };
    steps.push(report);
    try {
      if (isParallelStep(step)) await runParallelStep(step, options, vars, report);
      else await runRequestStep(step, options, vars, report);
    } catch (error) {
      report.failures.push(
        error instanceof MissingVariableError
          ? `not sent: ${error.message}`
          : `request failed: ${(error as Error).stack ?? String(error)}`,
      );
    }
  }
  return { file: options.file, run, steps, failed: steps.filter((s) => s.failures.length > 0) };
}

function stepName(step: CorpusStep): string {
  if (isParallelStep(step)) return step.name ?? step.parallel.step.name ?? "parallel";
  return step.name;
}

async function runRequestStep(
  step: RequestStep,
  options: RunOptions,
  vars: Map<string, string>,
  report: StepReport,
): Promise<void> {
  const { sent, headers } = buildRequest(step, options.targets, vars);
  report.request = sent;
  const response = await send(sent.method, sent.url, headers, sent.body, options.timeoutMs);
  report.response = response;

  let expect: Expectation | undefined;
  try {
    expect = substituteDeep(step.expect, vars);
  } catch (error) {
    if (!(error instanceof MissingVariableError)) throw error;
    report.failures.push(`expectations not checked: ${error.message}`);
  }
  if (expect) report.failures.push(...checkExpectations(expect, response));

  for (const [name, source] of Object.entries(step.save ?? {})) {
    const value = savedValue(source, response);
    if (value === undefined) {
      report.failures.push(`save ${name}: ${source} yielded nothing`);
      vars.delete(name);
    } else {
      vars.set(name, value);
    }
  }
}

function savedValue(source: string, response: ObservedResponse): string | undefined {
  if (source.startsWith("header:")) return headerValue(response, source.slice("header:".length));
  const body = parseBody(response.bodyText);
  if (!body.ok) return undefined;
  const value = evaluateJsonPath(body.value, source);
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

async function runParallelStep(
  step: ParallelStep,
  options: RunOptions,
  vars: Map<string, string>,
  report: StepReport,
): Promise<void> {
  const { count, step: template } = step.parallel;
  // Built per copy so `${@uuid}` differs between the copies.
  const requests = Array.from({ length: count }, () =>
    buildRequest(template, options.targets, vars),
  );
  report.request = requests[0]!.sent;
  const responses = await Promise.all(
    requests.map(({ sent, headers }) =>
      send(sent.method, sent.url, headers, sent.body, options.timeoutMs),
    ),
  );
  const counts = new Map<number, number>();
  report.samples = new Map();
  for (const response of responses) {
    counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
    if (!report.samples.has(response.status)) report.samples.set(response.status, response);
  }
  const expected = step.expect.statusCounts;
  const statuses = new Set([...Object.keys(expected).map(Number), ...counts.keys()]);
  for (const status of [...statuses].sort()) {
    const want = expected[String(status)] ?? 0;
    const got = counts.get(status) ?? 0;
    if (want !== got) report.failures.push(`statusCounts[${status}]: expected ${want}, got ${got}`);
  }
}

// ---------------------------------------------------------------------------------------
// Reporting

const BODY_LIMIT = 2_000;

/** A failure message naming the file, each failed step, its request and the response. */
export function formatRunFailures(result: RunResult): string {
  const lines = [
    `${result.file}: ${result.failed.length} of ${result.steps.length} steps failed (run ${result.run})`,
  ];
  for (const step of result.failed) {
    lines.push("");
    lines.push(
      `● step ${step.index + 1} "${step.name}"${step.optional ? " [optional feature]" : ""}`,
    );
    for (const failure of step.failures) lines.push(`    ✗ ${failure}`);
    if (step.request) {
      lines.push(`    request: ${step.request.method} ${step.request.url}`);
      lines.push(`      headers: ${JSON.stringify(step.request.headers)}`);
      if (step.request.body !== undefined) lines.push(`      body: ${clip(step.request.body)}`);
    }
    if (step.response) lines.push(...formatResponse("response", step.response));
    for (const [status, sample] of step.samples ?? []) {
      lines.push(...formatResponse(`sample ${status} response`, sample));
    }
  }
  return lines.join("\n");
}

function formatResponse(label: string, response: ObservedResponse): string[] {
  const contentType = headerValue(response, "content-type");
  return [
    `    ${label}: ${response.status}${contentType ? ` (${contentType})` : ""}`,
    `      body: ${response.bodyText.length === 0 ? "(empty)" : clip(response.bodyText)}`,
  ];
}

function clip(text: string): string {
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}… (${text.length} bytes)` : text;
}

export { show };
