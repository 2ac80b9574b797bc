import { REPO_ROOT } from "./corpus-dir";
import { type LoggedProcess, spawnLogged } from "./processes";

/**
 * Starts the standalone delivery worker (`apps/worker/src/main.ts`, what `npm run start:worker`
 * runs) as a child process with exactly `env` (plus PATH), and waits until it says it runs.
 * It is one Node process (tsx loaded with `--import`, no wrapper process), so `kill("SIGKILL")`
 * is a real `kill -9` of the worker itself.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<LoggedProcess> {
  const worker = spawnLogged(process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOST: "127.0.0.1",
      DSYNC_WORKER_PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  try {
    await worker.waitForLine(/dsync worker running/, 30_000);
  } catch (error) {
    await worker.kill();
    throw error;
  }
  return worker;
}
