import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** Peak resident set size of the server process so far, in MiB (VmHWM). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** Starts the API as its own process, as production runs it, and waits for /health. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  return startProcess("apps/api/src/main.ts", env, (port, url) => ({
    PORT: String(port),
    DSYNC_PUBLIC_URL: url,
  }));
}

/** Starts a delivery worker as its own process (`npm run start:worker`) and waits for /health. */
export function startWorkerProcess(env: Record<string, string>): Promise<ServerProcess> {
  return startProcess("apps/worker/src/main.ts", env, (port) => ({
    DSYNC_WORKER_PORT: String(port),
  }));
}

async function startProcess(
  entry: string,
  env: Record<string, string>,
  portEnv: (port: number, url: string) => Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, HOST: "127.0.0.1", ...portEnv(port, url) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("server did not become healthy within 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    peakRssMiB() {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
