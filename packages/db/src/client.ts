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
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (delivered at the sender's
   * commit); resolves once listening, to a function that stops. postgres.js listens on a
   * dedicated connection and re-listens after reconnecting.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
}

// Statements with more parameters than this are not cached: their text varies with the
// length of an id list (`in ($1, …, $n)`), and caching every variant would grow each
// connection's statement cache without bound.
const MAX_PREPARED_PARAMS = 64;

type UnsafeFn = (query: string, params?: unknown[], options?: { prepare?: boolean }) => unknown;
type PostgresClient = { unsafe: UnsafeFn; begin?: (...args: unknown[]) => unknown };

/**
 * Makes postgres.js cache the statements drizzle sends. Drizzle passes `prepare: false` for
 * every query that was not given a name, and postgres.js then describes each parameterized
 * query before running it: two round trips per query instead of one. Transaction clients are
 * separate objects, so `begin` hands the callback a wrapped one too.
 */
function preparingStatements<T extends PostgresClient>(client: T): T {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = (query, params, options) =>
    unsafe(query, params, { ...options, prepare: (params?.length ?? 0) <= MAX_PREPARED_PARAMS });
  const begin = client.begin?.bind(client);
  if (begin) {
    client.begin = (...args: unknown[]) => {
      const callback = args.pop() as (tx: PostgresClient) => unknown;
      return begin(...args, (tx: PostgresClient) => callback(preparingStatements(tx)));
    };
  }
  return client;
}

/** Connects to a PostgreSQL server through postgres.js. */
export function connectPostgres(options: PostgresOptions): DbHandle {
  const client = preparingStatements(
    postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    }) as unknown as PostgresClient,
  ) as unknown as ReturnType<typeof postgres>;
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const listen = async (channel: string, onNotify: (payload: string) => void) => {
    const { unlisten } = await client.listen(channel, onNotify);
    return unlisten;
  };
  return { db, kind: "postgres", listen, close: () => client.end({ timeout: 5 }) };
}

/** Opens (creating if needed) an embedded PGlite database in `dataDir`, or in memory without one. */
export async function connectEmbedded(dataDir?: string): Promise<DbHandle> {
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const listen = (channel: string, onNotify: (payload: string) => void) =>
    client.listen(channel, onNotify);
  return { db, kind: "embedded", listen, close: () => client.close() };
}
