import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "@dsync/config";
import { generateSecret } from "@dsync/core";
import type { Logger } from "@dsync/runtime";

/**
 * The admin API key of an embedded (single-machine) install. Without `DSYNC_API_KEY` the
 * management API would refuse everything, so a fresh `npm start` could not be driven at all;
 * instead one key is generated on first start and kept beside the data (owner-only file).
 * Never used with a server database: production sets `DSYNC_API_KEY` explicitly.
 */
export function ensureLocalApiKey(config: Config): {
  config: Config;
  keyFile?: string;
  created: boolean;
} {
  if (config.apiKey || config.databaseUrl) return { config, created: false };
  const keyFile = join(config.dataDir, "admin-api-key");
  let key: string;
  let created = false;
  try {
    key = readFileSync(keyFile, "utf8").trim();
  } catch {
    key = generateSecret("dsync_admin");
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    created = true;
  }
  return { config: { ...config, apiKey: key }, keyFile, created };
}

/** `config` with the local admin key filled in (see `ensureLocalApiKey`), saying where it is. */
export function withLocalApiKey(config: Config, logger: Logger): Config {
  const local = ensureLocalApiKey(config);
  if (local.keyFile) {
    logger.info(local.created ? "generated an admin API key" : "using the local admin API key", {
      key_file: local.keyFile,
    });
  }
  return local.config;
}
