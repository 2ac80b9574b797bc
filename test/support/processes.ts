import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1: bound once on port 0 and released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A child process whose output is kept line by line, for readiness checks and failure reports. */
export interface LoggedProcess {
  pid: number;
  child: ChildProcess;
  /** Every stdout and stderr line so far. */
  lines: string[];
  /** Resolves once the process is gone (with its signal or exit code). */
  exited: Promise<string>;
  /** Resolves with the first line matching `pattern`; rejects on exit or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` to the process group (a no-op once exited) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<string>;
  /** The last `count` lines, for an error message. */
  tail(count?: number): string;
}

/**
 * Spawns `command` in its own process group, so `kill` reaches it and anything it started,
 * and an abandoned test never leaves it running past `kill`.
 */
export function spawnLogged(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): LoggedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  const pid = child.pid;
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        for (const listener of listeners) listener(line);
      }
    });
  }
  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.on("exit", (code, signal) => {
      done = true;
      resolve(signal ?? `exit ${code}`);
    });
  });
  const tail = (count = 20) => lines.slice(-count).join("\n");

  return {
    pid,
    child,
    lines,
    exited,
    tail,
    waitForLine(pattern, timeoutMs = 20_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const stop = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (line: string) => {
          if (!pattern.test(line)) return;
          stop();
          resolve(line);
        };
        const timer = setTimeout(() => {
          stop();
          reject(
            new Error(`${command}: no line matching ${pattern} in ${timeoutMs} ms\n${tail()}`),
          );
        }, timeoutMs);
        listeners.add(listener);
        void exited.then((how) => {
          stop();
          reject(new Error(`${command} exited (${how}) before printing ${pattern}\n${tail()}`));
        });
      });
    },
    async kill(signal = "SIGKILL") {
      if (!done) {
        try {
          process.kill(-pid, signal);
        } catch {
          // Already gone between the check and the signal.
        }
      }
      return exited;
    },
  };
}
