import { type Config, ConfigError, loadConfig } from "@dsync/config";
import type { Logger } from "./logger";

/** Loads the configuration for an entry point, or prints every problem and exits 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Stops the process cleanly on SIGTERM or SIGINT: `stop` runs once, and the process exits 0
 * when it resolves, or 1 when it fails or outlasts `deadlineMs` (a hung drain must not keep a
 * replaced container alive).
 */
export function exitOnSignals(logger: Logger, stop: () => Promise<void>, deadlineMs: number): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const hard = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, deadlineMs);
    hard.unref();
    stop().then(
      () => process.exit(0),
      (error) => {
        logger.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
}
