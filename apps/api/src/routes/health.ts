import { pingDatabase } from "@dsync/db";
import type { AppDeps } from "../deps";
import type { ApiApp } from "../env";

// A health check that hangs is worse than one that fails: orchestrators time out anyway.
const PING_TIMEOUT_MS = 2000;

async function databaseAnswers(deps: AppDeps): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pingDatabase(deps.db),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), PING_TIMEOUT_MS);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/health` (liveness: the database answers) and `/ready` (readiness: the same, and the
 * process is not draining, so load balancers stop routing to it during shutdown).
 */
export function registerHealth(
  app: ApiApp,
  deps: AppDeps,
  isDraining: () => boolean = () => false,
): void {
  app.get("/health", async (c) =>
    (await databaseAnswers(deps))
      ? c.json({ status: "ok" })
      : c.json({ status: "unavailable", database: "unreachable" }, 503),
  );
  app.get("/ready", async (c) => {
    if (isDraining()) return c.json({ status: "draining" }, 503);
    return (await databaseAnswers(deps))
      ? c.json({ status: "ready" })
      : c.json({ status: "unavailable", database: "unreachable" }, 503);
  });
}
