import { z } from "zod";
import { parseDuration, parseDurationList } from "./duration";

/** Log levels the API understands, quietest last; `silent` turns request logs off. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const integer = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const url = (name: string, protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `${name} must be a ${protocols.map((p) => `${p}//`).join(" or ")} URL`,
  );

const duration = (name: string, min: number) =>
  z.string().transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < min) {
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a duration such as 30s, 5m, 2h or 5d, at least ${min} ms`,
      });
      return z.NEVER;
    }
    return ms;
  });

const durationList = (name: string) =>
  z.string().transform((value, ctx) => {
    const list = parseDurationList(value);
    if (!list || list.length === 0 || list.some((ms) => ms < 1)) {
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a comma-separated list of durations such as 1m,5m,1h`,
      });
      return z.NEVER;
    }
    return list;
  });

const boolean = (name: string) =>
  z
    .enum(["true", "false", "1", "0"], { error: `${name} must be true or false` })
    .transform((value) => value === "true" || value === "1");

/**
 * The environment dsync reads, by variable name. Parsed once at start-up; every other
 * module gets the typed `Config` and never touches `process.env`.
 */
export const EnvSchema = z
  .object({
    PORT: integer("PORT", 0, 65_535).default(8080),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: url("DATABASE_URL", ["postgres:", "postgresql:"]).optional(),
    DSYNC_DATA_DIR: z.string().min(1).default(".dsync"),
    REDIS_URL: url("REDIS_URL", ["redis:", "rediss:"]).optional(),
    DSYNC_PUBLIC_URL: url("DSYNC_PUBLIC_URL", ["http:", "https:"]).optional(),
    DSYNC_API_KEY: z
      .string()
      .min(16, "DSYNC_API_KEY must be at least 16 characters (use a random secret)")
      .optional(),
    DATABASE_POOL_MAX: integer("DATABASE_POOL_MAX", 1, 1000).default(10),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` })
      .default("info"),
    DSYNC_SCIM_MAX_PAYLOAD_BYTES: integer("DSYNC_SCIM_MAX_PAYLOAD_BYTES", 1024, 1 << 30).default(
      1_048_576,
    ),
    DSYNC_SCIM_MAX_BULK_OPERATIONS: integer("DSYNC_SCIM_MAX_BULK_OPERATIONS", 1, 100_000).default(
      1000,
    ),
    DSYNC_SCIM_MAX_RESULTS: integer("DSYNC_SCIM_MAX_RESULTS", 1, 100_000).default(1000),
    DSYNC_EVENT_RETENTION_DAYS: integer("DSYNC_EVENT_RETENTION_DAYS", 1, 3650).default(30),
    DSYNC_API_RATE_LIMIT_PER_MINUTE: integer(
      "DSYNC_API_RATE_LIMIT_PER_MINUTE",
      1,
      10_000_000,
    ).default(6000),
    DSYNC_WEBHOOK_ALLOW_PRIVATE: boolean("DSYNC_WEBHOOK_ALLOW_PRIVATE").default(false),
    DSYNC_WEBHOOK_TIMEOUT: duration("DSYNC_WEBHOOK_TIMEOUT", 100).default(15_000),
    // About three days over ten attempts; the same as @dsync/webhooks' DEFAULT_RETRY_SCHEDULE_MS.
    DSYNC_WEBHOOK_RETRY_SCHEDULE: durationList("DSYNC_WEBHOOK_RETRY_SCHEDULE").prefault(
      "1m,5m,30m,1h,3h,6h,12h,24h,24h",
    ),
    DSYNC_WEBHOOK_DISABLE_AFTER: duration("DSYNC_WEBHOOK_DISABLE_AFTER", 1).default(432_000_000),
    DSYNC_WEBHOOK_CONCURRENCY: integer("DSYNC_WEBHOOK_CONCURRENCY", 1, 10_000).default(100),
    DSYNC_WEBHOOK_SWEEP_INTERVAL: duration("DSYNC_WEBHOOK_SWEEP_INTERVAL", 100).default(30_000),
    DSYNC_QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "DSYNC_QUEUE_PREFIX must be 1-64 letters, digits, _ or -")
      .default("dsync"),
    DSYNC_WORKER_PORT: integer("DSYNC_WORKER_PORT", 0, 65_535).default(9464),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    /** Absent: the API runs on embedded PGlite under `<dataDir>/pgdata`. */
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DSYNC_DATA_DIR,
    redisUrl: env.REDIS_URL,
    /** Base of the SCIM endpoint URLs handed out, without a trailing slash. */
    publicUrl: (env.DSYNC_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    /** Absent: the management API rejects every request. */
    apiKey: env.DSYNC_API_KEY,
    databasePoolMax: env.DATABASE_POOL_MAX,
    logLevel: env.LOG_LEVEL,
    scimMaxPayloadBytes: env.DSYNC_SCIM_MAX_PAYLOAD_BYTES,
    scimMaxBulkOperations: env.DSYNC_SCIM_MAX_BULK_OPERATIONS,
    scimMaxResults: env.DSYNC_SCIM_MAX_RESULTS,
    /** Events older than this many days are pruned and their ids stop working as cursors. */
    eventRetentionDays: env.DSYNC_EVENT_RETENTION_DAYS,
    /** Management requests per minute per API key, counted in this process only. */
    apiRateLimitPerMinute: env.DSYNC_API_RATE_LIMIT_PER_MINUTE,
    /** Prefix of every BullMQ key in Redis, so installations can share one Redis. */
    queuePrefix: env.DSYNC_QUEUE_PREFIX,
    /** Port of a standalone worker's `/metrics` and `/health` (0 = any free port). */
    workerPort: env.DSYNC_WORKER_PORT,
    webhooks: {
      /** Allow receivers on private, loopback and link-local addresses (development only). */
      allowPrivate: env.DSYNC_WEBHOOK_ALLOW_PRIVATE,
      /** An attempt succeeds only with a 2xx status within this time. */
      timeoutMs: env.DSYNC_WEBHOOK_TIMEOUT,
      /** Delays before attempts 2, 3, …; after the last one a delivery is marked failed. */
      retryScheduleMs: env.DSYNC_WEBHOOK_RETRY_SCHEDULE,
      /** An endpoint whose attempts have all failed for this long is disabled. */
      disableAfterMs: env.DSYNC_WEBHOOK_DISABLE_AFTER,
      /** Deliveries one worker process attempts at once. */
      concurrency: env.DSYNC_WEBHOOK_CONCURRENCY,
      /** How often the sweeper re-enqueues deliveries the scheduler lost. */
      sweepIntervalMs: env.DSYNC_WEBHOOK_SWEEP_INTERVAL,
    },
  }));

/** The typed configuration every composition root is built from. */
export type Config = z.infer<typeof EnvSchema>;

/** Names of every environment variable dsync reads. */
export const ENV_VARS = Object.keys(EnvSchema.in.shape) as (keyof typeof EnvSchema.in.shape)[];
