import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "@dsync/config";
import { connectEmbedded, connectPostgres, type DbHandle } from "@dsync/db";

/** Opens the database named by `config` (PGlite under `<dataDir>/pgdata` without a URL). */
export async function openDatabase(config: Config): Promise<DbHandle> {
  if (config.databaseUrl) {
    return connectPostgres({ url: config.databaseUrl, maxConnections: config.databasePoolMax });
  }
  const dir = resolve(join(config.dataDir, "pgdata"));
  mkdirSync(dir, { recursive: true });
  return connectEmbedded(dir);
}
