/**
 * `npm run bench`: measures the gateway against the local PostgreSQL and writes
 * docs/benchmarks.md. The server runs as its own process; this process only generates load.
 */
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { createTestDatabase, startWebhookReceiver, type WebhookReceiver } from "@dsync/testing";
import postgres from "postgres";
import { Pool } from "undici";
import { type ServerProcess, startServerProcess, startWorkerProcess } from "./server";
import { percentiles, runConcurrently } from "./stats";

const API_KEY = "bench-admin-key-0123456789";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const CREATES = Number(process.argv[2] ?? 20_000);
const LARGE_GROUP = 100_000;
const DELIVERIES = Number(process.argv[3] ?? 20_000);
const LATENCY_SAMPLES = 500;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

interface Row {
  scenario: string;
  requests: number;
  throughput: string;
  p50: string;
  p99: string;
  target: string;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

async function json(pool: Pool, method: string, path: string, body?: unknown, token = API_KEY) {
  const res = await pool.request({
    method: method as "GET",
    path,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": path.startsWith("/scim") ? "application/scim+json" : "application/json",
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  if (res.statusCode >= 400)
    throw new Error(`${method} ${path} → ${res.statusCode} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function createDirectory(pool: Pool, name: string) {
  const org = await json(pool, "POST", "/organizations", { name: `Bench ${name}` });
  const dir = await json(pool, "POST", "/directories", {
    organization_id: org.id,
    name,
    type: "generic scim v2.0",
  });
  const endpoint = new URL(dir.scim.endpoint);
  return {
    id: dir.id as string,
    orgId: org.id as string,
    path: endpoint.pathname,
    token: dir.scim.bearer_token as string,
  };
}

/** Inserts users (and optionally memberships) straight into Postgres: seeding is not what we measure. */
async function seedUsers(
  sql: postgres.Sql,
  dir: { id: string; orgId: string },
  count: number,
  prefix: string,
) {
  await sql`
    insert into directory_users (id, directory_id, organization_id, idp_id, external_id, username, email,
      first_name, last_name, state, custom_attributes, raw_attributes)
    select ${`directory_user_${prefix}`} || lpad(i::text, 8, '0'), ${dir.id}, ${dir.orgId},
      ${`${prefix}-`} || i, ${`${prefix}-`} || i, ${`${prefix}.`} || i || '@bench.example', ${`${prefix}.`} || i || '@bench.example',
      'Bench', 'User ' || i, 'active', '{}'::jsonb,
      jsonb_build_object('schemas', jsonb_build_array(${USER_SCHEMA}::text), 'userName', ${`${prefix}.`} || i || '@bench.example',
        'name', jsonb_build_object('givenName', 'Bench', 'familyName', 'User ' || i), 'active', true)
    from generate_series(1, ${count}) as i`;
  await sql`analyze directory_users`;
}

async function main() {
  const database = await createTestDatabase();
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const server = await startServerProcess({
    DATABASE_URL: database.url,
    DSYNC_API_KEY: API_KEY,
    LOG_LEVEL: "warn",
    DATABASE_POOL_MAX: "20",
  });
  const pool = new Pool(server.url, { connections: 64, pipelining: 1 });
  const rows: Row[] = [];
  let workerPeak = 0;
  try {
    // 1. SCIM user creates per second.
    const creates = await createDirectory(pool, "creates");
    for (let i = 0; i < 200; i++) {
      await json(
        pool,
        "POST",
        `${creates.path}/Users`,
        { schemas: [USER_SCHEMA], userName: `warm${i}@bench.example` },
        creates.token,
      );
    }
    const run = await runConcurrently(CREATES, 64, async (i) => {
      await json(
        pool,
        "POST",
        `${creates.path}/Users`,
        {
          schemas: [USER_SCHEMA],
          userName: `create${i}@bench.example`,
          externalId: `create-${i}`,
          name: { givenName: "Create", familyName: `User ${i}` },
          emails: [{ value: `create${i}@bench.example`, type: "work", primary: true }],
          active: true,
        },
        creates.token,
      );
    });
    const createStats = percentiles(run.latencies);
    rows.push({
      scenario: "SCIM `POST /Users` (64 concurrent connections)",
      requests: CREATES,
      throughput: `${Math.round(CREATES / run.seconds)} /s`,
      p50: ms(createStats.p50),
      p99: ms(createStats.p99),
      target: "≥ 1,000 /s",
    });

    // 2. One-member PATCH on groups of 100 and of 100,000 members.
    const groups = await createDirectory(pool, "groups");
    await seedUsers(sql, groups, LARGE_GROUP + 1000, "g");
    const small = await json(
      pool,
      "POST",
      `${groups.path}/Groups`,
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Small" },
      groups.token,
    );
    const large = await json(
      pool,
      "POST",
      `${groups.path}/Groups`,
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Large" },
      groups.token,
    );
    await sql`insert into directory_group_memberships (group_id, user_id, directory_id)
      select ${small.id}, 'directory_user_g' || lpad(i::text, 8, '0'), ${groups.id} from generate_series(1, 100) i`;
    await sql`insert into directory_group_memberships (group_id, user_id, directory_id)
      select ${large.id}, 'directory_user_g' || lpad(i::text, 8, '0'), ${groups.id} from generate_series(1, ${LARGE_GROUP}) i`;
    await sql`analyze directory_group_memberships`;
    const patchRounds = 500;
    const outsider = (i: number) =>
      `directory_user_g${String(LARGE_GROUP + 1 + (i % 1000)).padStart(8, "0")}`;
    for (const [label, group] of [
      ["100", small],
      ["100,000", large],
    ] as const) {
      const latencies: number[] = [];
      for (let i = 0; i < patchRounds; i++) {
        const op =
          i % 2 === 0
            ? { op: "add", path: "members", value: [{ value: outsider(i >> 1) }] }
            : { op: "remove", path: `members[value eq "${outsider(i >> 1)}"]` };
        const t = performance.now();
        await json(
          pool,
          "PATCH",
          `${groups.path}/Groups/${group.id}`,
          { schemas: [PATCH_SCHEMA], Operations: [op] },
          groups.token,
        );
        latencies.push(performance.now() - t);
      }
      const s = percentiles(latencies);
      rows.push({
        scenario: `Group PATCH, one member added or removed, group of ${label} (sequential)`,
        requests: patchRounds,
        throughput: `${Math.round(patchRounds / (latencies.reduce((a, b) => a + b, 0) / 1000))} /s`,
        p50: ms(s.p50),
        p99: ms(s.p99),
        target: label === "100" ? "baseline" : "≤ 1.5× the group of 100",
      });
    }

    // 3. userName eq lookups with 100,000 users in the directory.
    const lookups = 2000;
    const lookupLatencies: number[] = [];
    for (let i = 0; i < lookups; i++) {
      const n = 1 + Math.floor(Math.random() * LARGE_GROUP);
      const filter = encodeURIComponent(`userName eq "G.${n}@BENCH.example"`);
      const t = performance.now();
      const body = await json(
        pool,
        "GET",
        `${groups.path}/Users?filter=${filter}`,
        undefined,
        groups.token,
      );
      lookupLatencies.push(performance.now() - t);
      if (body.totalResults !== 1)
        throw new Error(`lookup of user ${n} found ${body.totalResults}`);
    }
    const l = percentiles(lookupLatencies);
    rows.push({
      scenario: "SCIM `GET /Users?filter=userName eq …` with 100,000 users (sequential)",
      requests: lookups,
      throughput: `${Math.round(lookups / (lookupLatencies.reduce((a, b) => a + b, 0) / 1000))} /s`,
      p50: ms(l.p50),
      p99: ms(l.p99),
      target: "index lookup",
    });

    // 4. REST list: every user of a 101,000-user directory, 100 per page, following `after`.
    const pageLatencies: number[] = [];
    let after: string | null = null;
    let listed = 0;
    const listStart = performance.now();
    do {
      const query: string = `/directory_users?directory=${groups.id}&limit=100${after ? `&after=${after}` : ""}`;
      const t = performance.now();
      const page = await json(pool, "GET", query);
      pageLatencies.push(performance.now() - t);
      listed += page.data.length;
      after = page.list_metadata.after;
    } while (after);
    const listSeconds = (performance.now() - listStart) / 1000;
    if (listed !== LARGE_GROUP + 1000)
      throw new Error(`listed ${listed} users, expected ${LARGE_GROUP + 1000}`);
    const pages = percentiles(pageLatencies);
    rows.push({
      scenario: `REST \`GET /directory_users?directory=…&limit=100\`, all ${listed} users page by page (sequential)`,
      requests: pageLatencies.length,
      throughput: `${Math.round(listed / listSeconds)} users/s`,
      p50: ms(pages.p50),
      p99: ms(pages.p99),
      target: "p99 < 20 ms",
    });

    // 5 and 6. Webhook delivery through one worker process (BullMQ on the local Redis).
    workerPeak = await benchDeliveries(pool, sql, database.url, rows);
  } finally {
    const peak = server.peakRssMiB();
    await pool.close();
    await server.stop();
    await sql.end();
    await database.drop();
    report(rows, peak, workerPeak);
  }
}

/** Which event ids a receiver has been sent, and when each first arrived. */
function arrivals(receiver: WebhookReceiver, from = 0): Map<string, number> {
  const seen = new Map<string, number>();
  for (const request of receiver.received.slice(from)) {
    const { data } = JSON.parse(request.body) as { data: { id: string } };
    if (!seen.has(data.id)) seen.set(data.id, request.receivedAt);
  }
  return seen;
}

/**
 * Deliveries per second for one worker process, and the time from a SCIM response to its
 * webhook's arrival with an idle queue. Returns the worker's peak RSS in MiB.
 */
async function benchDeliveries(
  pool: Pool,
  sql: postgres.Sql,
  databaseUrl: string,
  rows: Row[],
): Promise<number> {
  const receiver = await startWebhookReceiver();
  let worker: ServerProcess | undefined;
  try {
    const endpoint = await json(pool, "POST", "/webhook_endpoints", {
      endpoint_url: receiver.url,
      events: ["dsync.user.created"],
    });
    worker = await startWorkerProcess({
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      DSYNC_QUEUE_PREFIX: `dsync_bench_${randomBytes(4).toString("hex")}`,
      DSYNC_WEBHOOK_ALLOW_PRIVATE: "true",
      LOG_LEVEL: "warn",
      DATABASE_POOL_MAX: "20",
    });

    // Throughput: events appended in batches of 500 as fast as Postgres takes them; timed from
    // the first commit to the last delivery's arrival at the receiver.
    const started = performance.now();
    for (let done = 0; done < DELIVERIES; done += 500) {
      const batch = Math.min(500, DELIVERIES - done);
      await sql`insert into events (id, event, data, created_at)
        select 'event_bench' || lpad((${done} + i)::text, 8, '0'), 'dsync.user.created',
          jsonb_build_object('object', 'directory_user', 'id', 'bench_' || (${done} + i)), now()
        from generate_series(1, ${batch}) as i`;
    }
    // Counting requests, not parsing them, while the clock runs: the receiver shares the CPU.
    await receiver.waitFor(DELIVERIES, 300_000);
    const seconds = (performance.now() - started) / 1000;
    if (arrivals(receiver).size < DELIVERIES) {
      await waitUntil(() => arrivals(receiver).size >= DELIVERIES, 60_000);
    }
    await waitUntil(async () => {
      const [row] = await sql<{ delivered: number }[]>`
        select count(*)::int as delivered from webhook_deliveries
        where endpoint_id = ${endpoint.id} and status = 'delivered'`;
      return (row?.delivered ?? 0) >= DELIVERIES;
    }, 60_000);
    const duplicates = receiver.received.length - DELIVERIES;
    rows.push({
      scenario: `Webhook deliveries, one worker process (concurrency 100) to a local receiver; ${duplicates} duplicates`,
      requests: DELIVERIES,
      throughput: `${Math.round(DELIVERIES / seconds)} /s`,
      p50: "–",
      p99: "–",
      target: "≥ 1,000 /s",
    });

    // Latency: one SCIM create at a time; the next starts once the previous webhook arrived.
    const dir = await createDirectory(pool, "latency");
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const from = receiver.received.length;
      const user = await json(
        pool,
        "POST",
        `${dir.path}/Users`,
        { schemas: [USER_SCHEMA], userName: `latency${i}@bench.example`, active: true },
        dir.token,
      );
      const responded = Date.now();
      await waitUntil(() => arrivals(receiver, from).size > 0, 30_000);
      const arrived = arrivals(receiver, from).values().next().value ?? responded;
      if (!arrivals(receiver, from).has(user.id)) throw new Error("webhook for another user");
      latencies.push(Math.max(0, arrived - responded));
    }
    const l = percentiles(latencies);
    rows.push({
      scenario:
        "SCIM `POST /Users` response → its `dsync.user.created` webhook arrives (idle queue, sequential)",
      requests: LATENCY_SAMPLES,
      throughput: "–",
      p50: ms(l.p50),
      p99: ms(l.p99),
      target: "p50 < 50 ms, p99 < 250 ms",
    });
    return worker.peakRssMiB();
  } finally {
    await worker?.stop();
    await receiver.close();
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function report(rows: Row[], peakRssMiB: number, workerPeakRssMiB: number) {
  const pg = (() => {
    try {
      return execSync("psql --version", { encoding: "utf8" }).trim();
    } catch {
      return "PostgreSQL (version unknown)";
    }
  })();
  const lines = [
    "# Benchmarks",
    "",
    "Measured by `npm run bench` (test/bench/run.ts): the API runs as its own process against the local",
    "PostgreSQL; the benchmark process only generates load over loopback, so both share the machine's cores.",
    "Latencies are client-side, request sent to response read.",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Software: Node ${process.version}, ${pg}`,
    `- Command: \`npm run bench\` (= \`tsx test/bench/run.ts ${CREATES} ${DELIVERIES}\`), Redis at ${REDIS_URL}`,
    `- Peak RSS of the API process over the whole run: ${peakRssMiB} MiB`,
    `- Peak RSS of the worker process over the delivery scenarios: ${workerPeakRssMiB} MiB`,
    "",
    "| Scenario | Requests | Throughput | p50 | p99 | Target |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.requests} | ${r.throughput} | ${r.p50} | ${r.p99} | ${r.target} |`,
    ),
    "",
    "## How to read these",
    "",
    "- Creates: 64 requests in flight. Latency there is mostly queueing. Each create is one token",
    "  check (cached for 2 s) and one SQL statement that inserts the user and its event together.",
    "- Group PATCH: the same one-member change against a group of 100 and a group of 100,000 members.",
    "  Members are rows, so the two should cost the same. The small group runs first and carries the",
    "  warm-up, which is why it can come out slower.",
    "- Lookups: `userName eq` uses the `(directory_id, lower(username))` index, case-insensitively.",
    "- Users and memberships for the group and lookup scenarios are seeded with SQL. Only the",
    "  requests are measured.",
    "- Deliveries: events are appended with SQL in batches of 500 while one worker process",
    "  (`npm run start:worker`, BullMQ on the local Redis, 100 concurrent sends) delivers them to a",
    "  receiver in the benchmark process. Each delivery is a Postgres claim, a signed POST and one",
    "  statement recording the attempt. Duplicates are deliveries the receiver got more than once.",
    "- SCIM → webhook: the time from reading a create's response to the webhook's arrival at the",
    "  receiver (clamped at 0: the webhook can arrive first, since it is sent at commit).",
    "",
  ];
  const out = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
  writeFileSync(out, lines.join("\n"));
  console.log(lines.join("\n"));
}

await main();
