import { z } from "zod";

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
  }));

/** The typed configuration every composition root is built from. */
export type Config = z.infer<typeof EnvSchema>;

/** Names of every environment variable dsync reads. */
export const ENV_VARS = Object.keys(EnvSchema.in.shape) as (keyof typeof EnvSchema.in.shape)[];
