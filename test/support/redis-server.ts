import { Redis } from "ioredis";
import { freePort, type LoggedProcess, spawnLogged } from "./processes";

/**
 * A redis-server of one test's own, on a free port, persisting nothing: stopping it loses
 * everything, as a restart of a cache-only Redis does. Tests that kill or wipe Redis use one
 * so the shared Redis on 6379 (and every other test's queues) is never touched.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  /** Kills the server (`SIGKILL` by default) and waits until it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Runs one command on a connection of its own, e.g. `command("FLUSHALL")`. */
  command(name: string, ...args: (string | number)[]): Promise<unknown>;
  /** Stops the server for good. */
  close(): Promise<void>;
}

/** Starts `redis-server` on a free port of 127.0.0.1 and waits until it accepts connections. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: LoggedProcess | undefined;

  const start = async () => {
    const started = spawnLogged("redis-server", [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
    ]);
    server = started;
    try {
      await started.waitForLine(/Ready to accept connections/, 10_000);
    } catch (error) {
      await started.kill();
      throw error;
    }
  };
  const stop = async (signal: NodeJS.Signals = "SIGKILL") => {
    await server?.kill(signal);
    server = undefined;
  };

  await start();
  return {
    port,
    url,
    start,
    stop,
    close: () => stop(),
    async command(name, ...args) {
      const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await client.connect();
        return await client.call(name, ...args);
      } finally {
        client.disconnect();
      }
    },
  };
}
