import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "@dsync/config";
import { type DbHandle, runMigrations } from "@dsync/db";
import { createLogger, type Logger, openDatabase, type Registry } from "@dsync/runtime";
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { startEventRetention } from "./event-retention";

/** How long `close()` waits for in-flight requests before cutting connections. */
export const SHUTDOWN_DEADLINE_MS = 10_000;

/** A started API server. */
export interface RunningApi {
  /** `http://<host>:<port>` as actually bound (0.0.0.0 is shown as 127.0.0.1). */
  url: string;
  port: number;
  db: DbHandle;
  /** Stops accepting, drains in-flight requests (10 s deadline), closes the pool it opened. */
  close(): Promise<void>;
}

/** Options of `startApi`. */
export interface StartApiOptions {
  config: Config;
  /** An already-open database; `startApi` then neither opens nor closes one. */
  db?: DbHandle;
  /** Suppress all logging (tests). */
  silent?: boolean;
  logger?: Logger;
  /** Served at `/metrics`; shared with an in-process worker so its counters show too. */
  registry?: Registry;
}

/** Connects, migrates and serves the API on `config.host:config.port` (0 = an ephemeral port). */
export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const { config } = options;
  const logger = options.logger ?? createLogger(options.silent ? "silent" : config.logLevel);
  const ownsDb = !options.db;
  const db = options.db ?? (await openDatabase(config));
  try {
    await runMigrations(db);
  } catch (error) {
    if (ownsDb) await db.close().catch(() => {});
    throw error;
  }
  if (!config.apiKey) {
    logger.warn("DSYNC_API_KEY is not set: only keys created with `dsync api-keys create` work");
  }

  let draining = false;
  const app = createApp(
    { config, db: db.db },
    { logger, isDraining: () => draining, ...(options.registry && { registry: options.registry }) },
  );
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((ready, fail) => {
    if (server.listening) return ready();
    server.once("listening", ready);
    server.once("error", fail);
  }).catch(async (error) => {
    if (ownsDb) await db.close().catch(() => {});
    throw error;
  });
  const retention = startEventRetention({
    db: db.db,
    retentionDays: config.eventRetentionDays,
    logger,
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      const http = server as Server;
      // close() stops accepting and resolves once every connection is gone. Keep-alive sockets
      // go idle when their in-flight request finishes but are not closed by that, so sweep
      // idle ones until done, and force the rest at the deadline.
      const stopped = new Promise<void>((done) => http.close(() => done()));
      http.closeIdleConnections();
      const sweeper = setInterval(() => http.closeIdleConnections(), 25);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((done) => {
        timer = setTimeout(() => {
          logger.warn("shutdown deadline passed; closing remaining connections");
          http.closeAllConnections();
          done();
        }, SHUTDOWN_DEADLINE_MS);
      });
      await Promise.race([stopped, deadline]);
      clearTimeout(timer);
      clearInterval(sweeper);
      await retention.stop();
      if (ownsDb) await db.close();
    })();
    return closing;
  };

  return { url, port, db, close };
}
