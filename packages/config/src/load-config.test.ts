import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config";

describe("loadConfig", () => {
  it("applies defaults to an empty environment", () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: "0.0.0.0",
      databaseUrl: undefined,
      dataDir: ".dsync",
      redisUrl: undefined,
      publicUrl: "http://localhost:8080",
      apiKey: undefined,
      databasePoolMax: 10,
      logLevel: "info",
      scimMaxPayloadBytes: 1_048_576,
      scimMaxBulkOperations: 1000,
      scimMaxResults: 1000,
      eventRetentionDays: 30,
      apiRateLimitPerMinute: 6000,
      queuePrefix: "dsync",
      workerPort: 9464,
      webhooks: {
        allowPrivate: false,
        timeoutMs: 15_000,
        retryScheduleMs: [
          60_000, 300_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
          86_400_000,
        ],
        disableAfterMs: 432_000_000,
        concurrency: 100,
        sweepIntervalMs: 30_000,
      },
    });
  });

  it("reads the webhook and worker settings", () => {
    const config = loadConfig({
      DSYNC_WEBHOOK_ALLOW_PRIVATE: "true",
      DSYNC_WEBHOOK_TIMEOUT: "2s",
      DSYNC_WEBHOOK_RETRY_SCHEDULE: "100ms,1s",
      DSYNC_WEBHOOK_DISABLE_AFTER: "1h",
      DSYNC_WEBHOOK_CONCURRENCY: "8",
      DSYNC_WEBHOOK_SWEEP_INTERVAL: "500ms",
      DSYNC_QUEUE_PREFIX: "test_1",
      DSYNC_WORKER_PORT: "0",
    });
    expect(config).toMatchObject({
      queuePrefix: "test_1",
      workerPort: 0,
      webhooks: {
        allowPrivate: true,
        timeoutMs: 2000,
        retryScheduleMs: [100, 1000],
        disableAfterMs: 3_600_000,
        concurrency: 8,
        sweepIntervalMs: 500,
      },
    });
  });

  it("names bad webhook settings", () => {
    expect(() => loadConfig({ DSYNC_WEBHOOK_TIMEOUT: "15" })).toThrow(/DSYNC_WEBHOOK_TIMEOUT/);
    expect(() => loadConfig({ DSYNC_WEBHOOK_RETRY_SCHEDULE: "1m,x" })).toThrow(
      /DSYNC_WEBHOOK_RETRY_SCHEDULE/,
    );
    expect(() => loadConfig({ DSYNC_WEBHOOK_ALLOW_PRIVATE: "yes" })).toThrow(
      /DSYNC_WEBHOOK_ALLOW_PRIVATE/,
    );
  });

  it("reads every variable and strips the public URL's trailing slash", () => {
    const config = loadConfig({
      PORT: "3000",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgres://u:p@db:5432/dsync",
      DSYNC_DATA_DIR: "/var/lib/dsync",
      REDIS_URL: "redis://redis:6379",
      DSYNC_PUBLIC_URL: "https://dsync.example.com/",
      DSYNC_API_KEY: "0123456789abcdef",
      DATABASE_POOL_MAX: "20",
      LOG_LEVEL: "debug",
      DSYNC_SCIM_MAX_PAYLOAD_BYTES: "2048",
      DSYNC_SCIM_MAX_BULK_OPERATIONS: "50",
      DSYNC_SCIM_MAX_RESULTS: "200",
      DSYNC_EVENT_RETENTION_DAYS: "7",
      DSYNC_API_RATE_LIMIT_PER_MINUTE: "120",
    });
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      databaseUrl: "postgres://u:p@db:5432/dsync",
      dataDir: "/var/lib/dsync",
      redisUrl: "redis://redis:6379",
      publicUrl: "https://dsync.example.com",
      apiKey: "0123456789abcdef",
      databasePoolMax: 20,
      logLevel: "debug",
      scimMaxPayloadBytes: 2048,
      scimMaxBulkOperations: 50,
      scimMaxResults: 200,
      eventRetentionDays: 7,
      apiRateLimitPerMinute: 120,
    });
  });

  it("defaults the public URL to the configured port", () => {
    expect(loadConfig({ PORT: "9090" }).publicUrl).toBe("http://localhost:9090");
  });

  it("treats empty strings as unset", () => {
    const config = loadConfig({ DATABASE_URL: "", PORT: " ", DSYNC_API_KEY: "" });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(8080);
    expect(config.apiKey).toBeUndefined();
  });

  it("ignores variables it does not know", () => {
    expect(() => loadConfig({ PATH: "/bin", SOMETHING_ELSE: "x" })).not.toThrow();
  });

  it("reports every problem at once", () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://nope",
        DSYNC_API_KEY: "short",
        LOG_LEVEL: "loud",
        DATABASE_POOL_MAX: "0",
        DSYNC_PUBLIC_URL: "not a url",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(6);
    for (const name of [
      "PORT",
      "DATABASE_URL",
      "DSYNC_API_KEY",
      "LOG_LEVEL",
      "DATABASE_POOL_MAX",
      "DSYNC_PUBLIC_URL",
    ]) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
    expect((caught as ConfigError).message).toContain("DSYNC_API_KEY");
  });
});
