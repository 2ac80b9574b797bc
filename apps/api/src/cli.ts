import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "@dsync/config";
import { DsyncError } from "@dsync/core";
import { type DbHandle, runMigrations } from "@dsync/db";
import { openDatabase } from "@dsync/runtime";
import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from "@dsync/services";

const USAGE = `Usage: npm run dsync -- <command>

Commands:
  migrate                                          apply pending database migrations
  api-keys create --name <name> --scope full|read_only
                                                   create an API key (printed once)
  api-keys list                                    list live API keys (no secrets)
  api-keys revoke <id>                             revoke an API key at once`;

/** Exit statuses: 0 done, 1 failed (config, database, not found), 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** What `runCli` writes to and runs against; tests pass a test database and capture output. */
export interface CliDeps {
  /** Defaults to `loadConfig()` from the environment. */
  config?: Config;
  /** An open database; the CLI then neither opens nor closes one (and does not migrate it). */
  db?: DbHandle;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

class UsageError extends Error {}

/** Runs one CLI command and returns its exit status; never calls `process.exit`. */
export async function runCli(argv: string[], deps: CliDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: "string" },
        scope: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    const [command, sub, ...rest] = positionals;
    if (values.help || command === undefined || command === "help") {
      out(USAGE);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    // Validate the arguments before touching the database, so usage errors are instant.
    let action: (handle: DbHandle) => Promise<void>;
    if (command === "migrate" && sub === undefined) {
      action = async (handle) => {
        await runMigrations(handle);
        out("Migrations applied.");
      };
    } else if (command === "api-keys" && sub === "create" && rest.length === 0) {
      const name = values.name?.trim();
      if (!name) throw new UsageError("api-keys create needs --name <name>.");
      const scope = values.scope;
      if (!API_KEY_SCOPES.includes(scope as ApiKeyScope)) {
        throw new UsageError(`api-keys create needs --scope ${API_KEY_SCOPES.join("|")}.`);
      }
      action = async (handle) => {
        const key = await createApiKey(handle.db, { name, scope: scope as ApiKeyScope });
        out(`Created ${key.id} (${key.scope}) "${key.name}".`);
        out("The key is shown only now; store it somewhere safe:");
        out(key.key);
      };
    } else if (command === "api-keys" && sub === "list" && rest.length === 0) {
      action = async (handle) => {
        const keys = await collectKeys(handle);
        if (keys.length === 0) out("No API keys.");
        for (const key of keys) {
          out(
            [
              key.id,
              key.scope,
              key.prefix,
              key.name,
              `last used ${key.last_used_at ?? "never"}`,
            ].join("\t"),
          );
        }
      };
    } else if (command === "api-keys" && sub === "revoke" && rest.length === 1) {
      const id = rest[0]!;
      action = async (handle) => {
        await revokeApiKey(handle.db, { id });
        out(`Revoked ${id}.`);
      };
    } else {
      throw new UsageError(`Unknown command: ${positionals.join(" ")}`);
    }
    await withDatabase(deps, command !== "migrate", action);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      err(`${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError || error instanceof DsyncError) {
      err(error.message);
      return EXIT.failed;
    }
    err(`dsync: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}

/** Every live key, following the list cursor to the end. */
async function collectKeys(handle: DbHandle) {
  const keys = [];
  let after: string | undefined;
  do {
    const page = await listApiKeys(handle.db, { limit: 100, order: "asc", after });
    keys.push(...page.data);
    after = page.list_metadata.after ?? undefined;
  } while (after);
  return keys;
}

/**
 * Runs `action` on `deps.db`, or on the database the config names (the embedded one without
 * `DATABASE_URL`, as `startApi` does), migrated first so the CLI works before the first start.
 */
async function withDatabase(
  deps: CliDeps,
  migrateFirst: boolean,
  action: (handle: DbHandle) => Promise<void>,
): Promise<void> {
  if (deps.db) return action(deps.db);
  const handle = await openDatabase(deps.config ?? loadConfig());
  try {
    if (migrateFirst) await runMigrations(handle);
    await action(handle);
  } finally {
    await handle.close();
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

// Run only as the entry point (`tsx apps/api/src/cli.ts`), never when imported by tests.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
