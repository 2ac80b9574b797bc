import { type Config, ENV_VARS, EnvSchema } from "./schema";

/** Every problem found in the environment, reported together so one restart fixes them all. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parses the environment into a `Config`; throws a `ConfigError` listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Compose files and shells often set a variable to "" to mean "unset".
  const input: Record<string, string> = {};
  for (const name of ENV_VARS) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const result = EnvSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    }),
  );
}
