import { ConfigError, loadConfig } from "@dsync/config";
import { createLogger } from "@dsync/runtime";
import { ensureLocalApiKey } from "./local-api-key";
import { SHUTDOWN_DEADLINE_MS, startApi } from "./start-api";

// The process entry point: parse config, start, and own graceful shutdown.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const local = ensureLocalApiKey(config);
config = local.config;
if (local.keyFile) {
  logger.info(local.created ? "generated an admin API key" : "using the local admin API key", {
    key_file: local.keyFile,
  });
}
const api = await startApi({ config, logger });
logger.info("dsync api listening", {
  url: api.url,
  public_url: config.publicUrl,
  database: api.db.kind,
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info("shutting down", { signal });
  // One deadline for the whole shutdown (drain + pool close), a little past the drain's own.
  const hard = setTimeout(() => {
    logger.error("shutdown took too long; exiting");
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS + 5_000);
  hard.unref();
  api.close().then(
    () => process.exit(0),
    (error) => {
      logger.error("shutdown failed", { error });
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
