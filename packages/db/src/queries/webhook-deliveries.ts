import {
  and,
  asc,
  eq,
  getTableColumns,
  gt,
  isNull,
  lt,
  lte,
  or,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { executeRows } from "../rows";
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from "../schema";
import type { EventRow } from "./events";
import { idPage } from "./id-page";
import type { IdPageParams } from "./organizations";
import type { WebhookEndpointRow } from "./webhook-endpoints";

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

/** Whether a delivery still owes an attempt, reached its endpoint, or ran out of attempts. */
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * The NOTIFY channel that announces due deliveries at commit. Each payload is a comma-separated
 * list of job ids (`<delivery id>.<attempt>`), or `*` meaning "more than fit: scan for due ones".
 */
export const WEBHOOK_DELIVERY_CHANNEL = "dsync_webhook_deliveries";

/** The payload that asks listeners to scan for due deliveries instead of naming them. */
export const SCAN_NOTIFICATION = "*";

// Deliveries named by one notification at most, keeping it under NOTIFY's 8000-byte limit.
const MAX_NOTIFIED_IDS = 100;

/** A delivery held for one attempt, with everything sending it needs. */
export interface ClaimedDeliveryRow {
  delivery: WebhookDeliveryRow;
  event: EventRow;
  endpoint: WebhookEndpointRow;
}

// Postgres keeps microseconds, a JS Date milliseconds: the lease is truncated so the value
// read back compares equal when it is used as the holder's token.
const leaseUntil = (leaseMs: number | Placeholder) =>
  sql`date_trunc('milliseconds', now() + ${leaseMs} * interval '1 millisecond')`;

const claimable = (earlyMs: number | Placeholder) =>
  and(
    eq(webhookDeliveries.status, "pending"),
    lte(webhookDeliveries.nextAttemptAt, sql`now() + ${earlyMs} * interval '1 millisecond'`),
    or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
    eq(webhookEndpoints.status, "enabled"),
  );

const claimedTables = { delivery: webhookDeliveries, event: events, endpoint: webhookEndpoints };

// `update … returning` yields flat rows, so each joined table's columns are selected under a
// `<table>.<column>` key and regrouped afterwards.
const claimedColumns = Object.fromEntries(
  Object.entries(claimedTables).flatMap(([name, table]) =>
    Object.entries(getTableColumns(table)).map(([key, column]) => [`${name}.${key}`, column]),
  ),
) as Record<string, PgColumn>;

function toClaim(flat: Record<string, unknown>): ClaimedDeliveryRow {
  const claim: Record<string, Record<string, unknown>> = { delivery: {}, event: {}, endpoint: {} };
  for (const [key, value] of Object.entries(flat)) {
    const dot = key.indexOf(".");
    const group = claim[key.slice(0, dot)];
    if (group) group[key.slice(dot + 1)] = value;
  }
  return claim as unknown as ClaimedDeliveryRow;
}

function claimQuery(db: Db, where: SQL | undefined, leaseMs: number | Placeholder) {
  return (
    db
      .update(webhookDeliveries)
      .set({ lockedUntil: leaseUntil(leaseMs) })
      .from(events)
      // The join's own condition may not name the updated table, so both links are in WHERE.
      .innerJoin(webhookEndpoints, sql`true`)
      .where(
        and(
          eq(events.id, webhookDeliveries.eventId),
          eq(webhookEndpoints.id, webhookDeliveries.endpointId),
          where,
        ),
      )
      .returning(claimedColumns)
  );
}

async function claimWhere(db: Db, where: SQL | undefined, leaseMs: number) {
  const rows = await claimQuery(db, where, leaseMs);
  return rows.map(toClaim);
}

// The claim is the hottest query of delivery; building it costs more CPU than running it, so
// it is built once per database handle and run as a named prepared statement.
const preparedClaims = new WeakMap<Db, ReturnType<typeof prepareClaim>>();

function prepareClaim(db: Db) {
  return claimQuery(
    db,
    and(eq(webhookDeliveries.id, sql.placeholder("id")), claimable(sql.placeholder("earlyMs"))),
    sql.placeholder("leaseMs"),
  ).prepare("dsync_claim_webhook_delivery");
}

/**
 * Takes the lease on one delivery if it is pending, due (up to `earlyMs` early, for clock
 * skew between the scheduler and the database), not held, and its endpoint is enabled.
 * Two workers racing for it cannot both win: the loser re-checks the row after the winner's
 * update and finds it held.
 */
export async function claimWebhookDelivery(
  db: Db,
  params: { id: string; leaseMs: number; earlyMs: number },
): Promise<ClaimedDeliveryRow | undefined> {
  let prepared = preparedClaims.get(db);
  if (!prepared) {
    prepared = prepareClaim(db);
    preparedClaims.set(db, prepared);
  }
  const [row] = await prepared.execute(params);
  return row ? toClaim(row) : undefined;
}

/** Takes leases on up to `limit` due deliveries, oldest due first, skipping rows others hold. */
export async function claimDueWebhookDeliveries(
  db: Db,
  params: { limit: number; leaseMs: number },
): Promise<ClaimedDeliveryRow[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(claimable(0))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(params.limit)
    .for("update", { of: webhookDeliveries, skipLocked: true });
  const rows = await claimWhere(
    db,
    sql`${webhookDeliveries.id} in (${due}) and ${claimable(0)}`,
    params.leaseMs,
  );
  return rows;
}

/** What one finished attempt changes on its delivery. */
export interface AttemptOutcome {
  /** `pending` (another attempt is scheduled), `delivered` or `failed`. */
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date | null;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  failure: string | null;
  error: string | null;
  responseExcerpt: string | null;
}

/** The endpoint's failure streak after an attempt was recorded. */
export interface RecordedAttempt {
  attempt: number;
  endpointFailingSince: Date | null;
}

/**
 * Writes one attempt and its outcome in a single statement, but only while the caller still
 * holds the lease it claimed (`lockedUntil` is its token). A holder whose lease lapsed and was
 * taken over gets `undefined`: its attempt happened, and the new holder's one counts instead.
 * The endpoint's failure streak starts on a failure and ends on a success; it is written only
 * when it changes, so a busy healthy endpoint's row is never contended.
 */
export async function recordWebhookAttempt(
  db: Db,
  params: { deliveryId: string; lockedUntil: Date; outcome: AttemptOutcome },
): Promise<RecordedAttempt | undefined> {
  const o = params.outcome;
  const ok = o.status === "delivered";
  // Raw statements bypass drizzle's column encoders, so timestamps go in as ISO text.
  const startedAt = sql`${o.startedAt.toISOString()}::timestamptz`;
  const nextAttemptAt = o.nextAttemptAt
    ? sql`${o.nextAttemptAt.toISOString()}::timestamptz`
    : sql`null`;
  const [row] = await executeRows<{ attempt: number; failing_since: Date | string | null }>(
    db,
    sql`with recorded as (
      update ${webhookDeliveries} set
        attempts = attempts + 1,
        status = ${o.status},
        next_attempt_at = ${nextAttemptAt},
        locked_until = null,
        last_attempt_at = ${startedAt},
        last_status_code = ${o.statusCode},
        last_error = ${o.error},
        delivered_at = ${ok ? startedAt : sql`null`},
        updated_at = now()
      where id = ${params.deliveryId}
        and locked_until = ${params.lockedUntil.toISOString()}::timestamptz
      returning id, attempts, endpoint_id
    ), attempt as (
      insert into ${webhookAttempts}
        (delivery_id, attempt, started_at, status_code, latency_ms, failure, error, response_excerpt)
      select id, attempts, ${startedAt}, ${o.statusCode}, ${o.latencyMs}, ${o.failure},
        ${o.error}, ${o.responseExcerpt}
      from recorded
    ), streak as (
      update ${webhookEndpoints} set failing_since = ${ok ? sql`null` : startedAt}
      where id = (select endpoint_id from recorded)
        and ${ok ? sql`failing_since is not null` : sql`failing_since is null`}
      returning failing_since
    )
    select recorded.attempts as attempt,
      coalesce((select failing_since from streak),
        (select failing_since from ${webhookEndpoints} where id = recorded.endpoint_id)) as failing_since
    from recorded`,
  );
  if (!row) return undefined;
  // A CTE's update is invisible to the outer select's subquery, so a streak that ended here
  // still reads as the old value there: success always means no streak.
  const since = ok || row.failing_since === null ? null : new Date(row.failing_since);
  return { attempt: Number(row.attempt), endpointFailingSince: since };
}

/** Gives a lease back without counting an attempt (a shutdown interrupted the send). */
export async function releaseWebhookDelivery(
  db: Db,
  params: { deliveryId: string; lockedUntil: Date },
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ lockedUntil: null })
    .where(
      and(
        eq(webhookDeliveries.id, params.deliveryId),
        eq(webhookDeliveries.lockedUntil, params.lockedUntil),
      ),
    );
}

/**
 * Job ids (`<delivery id>.<next attempt>`) of pending deliveries of enabled endpoints that
 * were due more than `overdueMs` ago and are not held: work the scheduler lost or never got.
 * Pages in id order after `afterId`, so a sweep can walk a large backlog once.
 */
export async function findOverdueWebhookDeliveries(
  db: Db,
  params: { overdueMs: number; limit: number; afterId?: string },
): Promise<{ jobIds: string[]; lastId: string | undefined }> {
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      attempts: webhookDeliveries.attempts,
      lockedUntil: webhookDeliveries.lockedUntil,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(
          webhookDeliveries.nextAttemptAt,
          sql`now() - ${params.overdueMs} * interval '1 millisecond'`,
        ),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
        eq(webhookEndpoints.status, "enabled"),
        params.afterId ? gt(webhookDeliveries.id, params.afterId) : undefined,
      ),
    )
    .orderBy(asc(webhookDeliveries.id))
    .limit(params.limit);
  return {
    // A lapsed lease means a worker died holding the delivery, and its job may still sit in
    // BullMQ as `active` under the plain id, which would swallow a re-enqueue until BullMQ's
    // stalled check ran. The lapse's time makes the id new, yet the same for racing sweepers.
    jobIds: rows.map((r) => deliveryJobId(r.id, r.attempts + 1, r.lockedUntil ?? undefined)),
    lastId: rows[rows.length - 1]?.id,
  };
}

/**
 * The scheduler's job id for attempt `attempt` of a delivery (`<delivery>.<attempt>`, plus
 * `.<ms>` when re-enqueued after the lease that ended at that time lapsed). Deterministic ids
 * make enqueueing idempotent: every listener and sweeper can enqueue the same work.
 */
export function deliveryJobId(deliveryId: string, attempt: number, lapsedLease?: Date): string {
  const base = `${deliveryId}.${attempt}`;
  return lapsedLease ? `${base}.${lapsedLease.getTime()}` : base;
}

/** The delivery a job id names, or undefined for a malformed id. */
export function parseDeliveryJobId(
  jobId: string,
): { deliveryId: string; attempt: number } | undefined {
  const [deliveryId, attemptText, lapse, ...rest] = jobId.split(".");
  const attempt = Number(attemptText);
  if (!deliveryId || !Number.isInteger(attempt) || attempt < 1 || rest.length > 0) return undefined;
  if (lapse !== undefined && !/^\d+$/.test(lapse)) return undefined;
  return { deliveryId, attempt };
}

/** One page of deliveries, newest first by default, optionally of one endpoint, event or status. */
export async function listWebhookDeliveries(
  db: Db,
  params: IdPageParams & { endpointId?: string; eventId?: string; status?: WebhookDeliveryStatus },
): Promise<WebhookDeliveryRow[]> {
  const page = idPage(webhookDeliveries.id, params);
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        page.where,
        params.endpointId ? eq(webhookDeliveries.endpointId, params.endpointId) : undefined,
        params.eventId ? eq(webhookDeliveries.eventId, params.eventId) : undefined,
        params.status ? eq(webhookDeliveries.status, params.status) : undefined,
      ),
    )
    .orderBy(page.orderBy)
    .limit(page.limit);
}

/** One delivery and its attempts, oldest attempt first. */
export async function findWebhookDelivery(
  db: Db,
  params: { id: string },
): Promise<{ delivery: WebhookDeliveryRow; attempts: WebhookAttemptRow[] } | undefined> {
  const [delivery] = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, params.id));
  if (!delivery) return undefined;
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, params.id))
    .orderBy(asc(webhookAttempts.attempt));
  return { delivery, attempts };
}

/**
 * Makes deliveries pending and due now and announces them at commit. Used by replays and by
 * re-enabling an endpoint. A delivery that is mid-attempt keeps its lease: that attempt's
 * outcome stands.
 */
async function makeDueAndNotify(db: Db, where: SQL): Promise<number> {
  const [row] = await executeRows<{ count: number | string; job_ids: string | null }>(
    db,
    sql`with due as (
      update ${webhookDeliveries} set status = 'pending', next_attempt_at = now(), updated_at = now()
      where ${where}
      returning id, attempts
    ), summary as (
      select count(*) as count, string_agg(id || '.' || (attempts + 1), ',') as job_ids from due
    )
    select count, job_ids,
      case when count = 0 then null
        else pg_notify(${WEBHOOK_DELIVERY_CHANNEL},
          case when count <= ${MAX_NOTIFIED_IDS} then job_ids else ${SCAN_NOTIFICATION} end)
      end as notified
    from summary`,
  );
  return Number(row?.count ?? 0);
}

/** Replays one delivery now; undefined when there is no such delivery. */
export async function replayWebhookDelivery(
  db: Db,
  params: { id: string },
): Promise<WebhookDeliveryRow | undefined> {
  const replayed = await makeDueAndNotify(db, sql`id = ${params.id}`);
  if (replayed === 0) return undefined;
  const found = await findWebhookDelivery(db, params);
  return found?.delivery;
}

/**
 * Replays to one endpoint every event created in `[rangeStart, rangeEnd)` that it subscribes
 * to: existing deliveries are made due again, and events it never got a delivery for (it was
 * disabled, or created later) get one. Returns how many deliveries are now due.
 */
export async function replayWebhookDeliveriesInRange(
  db: Db,
  params: { endpointId: string; rangeStart: Date; rangeEnd: Date },
): Promise<number> {
  await db.execute(
    sql`insert into ${webhookDeliveries}
      (id, endpoint_id, event_id, event, status, attempts, next_attempt_at, created_at, updated_at)
    select 'webhook_delivery_' || dsync_ulid(), we.id, e.id, e.event, 'pending', 0, now(), now(), now()
    from ${events} e
    join ${webhookEndpoints} we on we.id = ${params.endpointId}
      and we.events ? e.event
      and (we.organization_id is null or we.organization_id = e.organization_id)
    where e.created_at >= ${params.rangeStart.toISOString()}::timestamptz
      and e.created_at < ${params.rangeEnd.toISOString()}::timestamptz
    on conflict (endpoint_id, event_id) do nothing`,
  );
  return makeDueAndNotify(
    db,
    sql`endpoint_id = ${params.endpointId} and event_id in (
      select id from ${events}
      where created_at >= ${params.rangeStart.toISOString()}::timestamptz
        and created_at < ${params.rangeEnd.toISOString()}::timestamptz)`,
  );
}

/** Makes every pending delivery of an endpoint due now (it was just re-enabled). */
export async function resumeWebhookEndpointDeliveries(
  db: Db,
  params: { endpointId: string },
): Promise<number> {
  return makeDueAndNotify(db, sql`endpoint_id = ${params.endpointId} and status = 'pending'`);
}

/**
 * Disables an endpoint whose failure streak began at or before `failingSince`; returns it when
 * this call disabled it (so exactly one caller reports it), undefined otherwise.
 */
export async function disableFailingWebhookEndpoint(
  db: Db,
  params: { id: string; failingSince: Date },
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ status: "disabled", updatedAt: new Date() })
    .where(
      and(
        eq(webhookEndpoints.id, params.id),
        eq(webhookEndpoints.status, "enabled"),
        lte(webhookEndpoints.failingSince, params.failingSince),
      ),
    )
    .returning();
  return row;
}

/** Pending deliveries and when the oldest of them was created: the backlog, for metrics. */
export async function webhookBacklog(
  db: Db,
): Promise<{ pending: number; oldestCreatedAt: Date | null }> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*)::int`,
      oldest: sql<Date | string | null>`min(${webhookDeliveries.createdAt})`,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, "pending"));
  const oldest = row?.oldest;
  return {
    pending: Number(row?.pending ?? 0),
    oldestCreatedAt: oldest === null || oldest === undefined ? null : new Date(oldest),
  };
}
