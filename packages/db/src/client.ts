import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;

/** The database handle every query function takes first: a pool, or a transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  /** `postgres` for a server, `embedded` for PGlite. */
  kind: "postgres" | "embedded";
  close(): Promise<void>;
}

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
}

/** Connects to a PostgreSQL server through postgres.js. */
export function connectPostgres(options: PostgresOptions): DbHandle {
  const client = postgres(options.url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    // Dates are parsed by drizzle per column; keep the driver's defaults otherwise.
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

/** Opens (creating if needed) an embedded PGlite database in `dataDir`, or in memory without one. */
export async function connectEmbedded(dataDir?: string): Promise<DbHandle> {
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: "embedded", close: () => client.close() };
}
