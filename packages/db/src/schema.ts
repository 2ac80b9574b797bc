import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Postgres `xid8`, read back as a decimal string (it does not fit a JS number safely). */
const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
});

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

export const organizations = pgTable(
  "organizations",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    externalId: text("external_id"),
    domains: jsonb("domains").$type<{ domain: string; state: string }[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [uniqueIndex("organizations_external_id_key").on(t.externalId)],
);

export const directories = pgTable(
  "directories",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type").notNull(),
    state: text("state").notNull(),
    ...timestamps,
  },
  (t) => [index("directories_organization_id_idx").on(t.organizationId, t.id)],
);

/** SCIM bearer tokens, stored as SHA-256 hashes; at most two live per directory for rotation. */
export const directoryTokens = pgTable(
  "directory_tokens",
  {
    id: text("id").primaryKey(),
    directoryId: text("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex("directory_tokens_token_hash_key").on(t.tokenHash),
    index("directory_tokens_directory_id_idx").on(t.directoryId),
  ],
);

export const directoryUsers = pgTable(
  "directory_users",
  {
    id: text("id").primaryKey(),
    directoryId: text("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    organizationId: text("organization_id").notNull(),
    idpId: text("idp_id").notNull(),
    externalId: text("external_id"),
    username: text("username").notNull(),
    email: text("email"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    state: text("state").notNull(),
    customAttributes: jsonb("custom_attributes").$type<Record<string, unknown>>().notNull(),
    /** The provider's resource as last written (SCIM: canonical attribute names, no password). */
    rawAttributes: jsonb("raw_attributes").$type<Record<string, unknown>>().notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("directory_users_username_key").on(t.directoryId, sql`lower(${t.username})`),
    uniqueIndex("directory_users_external_id_key").on(t.directoryId, t.externalId),
    index("directory_users_username_pattern_idx").on(
      t.directoryId,
      sql`lower(${t.username}) text_pattern_ops`,
    ),
    index("directory_users_directory_id_id_idx").on(t.directoryId, t.id),
  ],
);

export const directoryGroups = pgTable(
  "directory_groups",
  {
    id: text("id").primaryKey(),
    directoryId: text("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    organizationId: text("organization_id").notNull(),
    idpId: text("idp_id").notNull(),
    externalId: text("external_id"),
    name: text("name").notNull(),
    /** The provider's resource without `members`: membership lives in its own table. */
    rawAttributes: jsonb("raw_attributes").$type<Record<string, unknown>>().notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("directory_groups_external_id_key").on(t.directoryId, t.externalId),
    index("directory_groups_name_idx").on(t.directoryId, sql`lower(${t.name})`),
    index("directory_groups_directory_id_id_idx").on(t.directoryId, t.id),
  ],
);

/** One row per (group, user): changing one member never rewrites a member list. */
export const directoryGroupMemberships = pgTable(
  "directory_group_memberships",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => directoryGroups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    directoryId: text("directory_id").notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index("directory_group_memberships_user_id_idx").on(t.userId),
  ],
);

/**
 * The outbox and the Events API in one table. Readers order by (txid, seq) and only see
 * rows whose transaction is older than every transaction still running, so a cursor can
 * never step over an event that commits late (see `listEventsAfter`).
 */
export const events = pgTable(
  "events",
  {
    id: text("id").primaryKey(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    txid: xid8("txid").notNull().default(sql`pg_current_xact_id()`),
    organizationId: text("organization_id"),
    directoryId: text("directory_id"),
    event: text("event").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex("events_position_key").on(t.txid, t.seq),
    index("events_organization_id_idx").on(t.organizationId, t.txid, t.seq),
    index("events_created_at_idx").on(t.createdAt),
  ],
);

/**
 * Management API keys besides the bootstrap `DSYNC_API_KEY`. Only the SHA-256 of a key is
 * stored; revoked keys keep their row (with `revoked_at`) so an audit can still name them.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    prefix: text("prefix").notNull(),
    /** `read_only` (GET only) or `full`. */
    scope: text("scope").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamps.createdAt,
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash)],
);

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    /** Null: the endpoint receives events of every organization. */
    organizationId: text("organization_id").references(() => organizations.id, {
      onDelete: "cascade",
    }),
    endpointUrl: text("endpoint_url").notNull(),
    /** Event names (`dsync.*`) the endpoint subscribes to. */
    events: jsonb("events").$type<string[]>().notNull(),
    /** `enabled` or `disabled`. */
    status: text("status").notNull(),
    // Stored in clear, unlike API keys and SCIM tokens: a signing secret is used as an HMAC
    // key on every delivery, so a hash would be useless. It is shown once and never returned.
    secret: text("secret").notNull(),
    /** The secret before the last rotation, still signed with until `previousSecretExpiresAt`. */
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", {
      withTimezone: true,
      mode: "date",
    }),
    /**
     * When the endpoint's current run of failed attempts began; null after any success. An
     * endpoint failing for long enough is disabled (see the worker's settings).
     */
    failingSince: timestamp("failing_since", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("webhook_endpoints_organization_id_idx").on(t.organizationId)],
);

/**
 * One event owed to one endpoint. Rows are created by the `events_fan_out` trigger in the
 * transaction that appends the event, so a committed event can never miss its deliveries.
 * `pending` rows are due at `next_attempt_at`; a worker holds one while `locked_until` is in
 * the future (a lease, so a crashed worker's delivery is picked up again once it lapses).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    // Deliveries go with their event when retention prunes it: there is nothing left to send.
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    /** The event's name, copied so lists filter without a join. */
    event: text("event").notNull(),
    /** `pending`, `delivered` or `failed`. */
    status: text("status").notNull(),
    /** Finished attempts so far. */
    attempts: integer("attempts").notNull().default(0),
    /** When a pending delivery is next due; null once it is delivered or failed. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, mode: "date" }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_endpoint_id_idx").on(t.endpointId, t.id),
    index("webhook_deliveries_event_id_idx").on(t.eventId),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_pending_created_at_idx")
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Every finished attempt of a delivery: what the receiver answered, how fast, or what failed. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    /** 1 for the first attempt. */
    attempt: integer("attempt").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    /** Null on success; otherwise a failure kind such as `timeout` or `http_status`. */
    failure: text("failure"),
    error: text("error"),
    /** The start of the response body, for diagnosing a non-2xx answer. */
    responseExcerpt: text("response_excerpt"),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);
