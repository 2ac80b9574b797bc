import type { LogLevel } from "@dsync/config";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Structured fields of one log line. */
export type LogFields = Record<string, unknown>;

/** A minimal structured logger: one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Where log lines go; tests can capture them. */
export type LogSink = (line: string, level: Exclude<LogLevel, "silent">) => void;

const defaultSink: LogSink = (line, level) => {
  // Errors to stderr so a plain `2>` split still separates them from request logs.
  if (level === "error") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

/** Serializes an error without losing its name, message, code and stack. */
function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: value.message,
      ...(code === undefined ? {} : { code }),
      stack: value.stack,
      ...(value.cause === undefined ? {} : { cause: serialize(value.cause) }),
    };
  }
  return value;
}

/** Creates a logger writing lines at or above `level`; `silent` writes nothing. */
export function createLogger(level: LogLevel, sink: LogSink = defaultSink): Logger {
  const threshold = RANK[level];
  const write =
    (lvl: Exclude<LogLevel, "silent">) =>
    (msg: string, fields?: LogFields): void => {
      if (RANK[lvl] < threshold) return;
      const entry: LogFields = { time: new Date().toISOString(), level: lvl, msg };
      for (const [key, value] of Object.entries(fields ?? {})) entry[key] = serialize(value);
      sink(JSON.stringify(entry), lvl);
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger("silent");
