import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connectPostgres, type DbHandle, MIGRATIONS_FOLDER, runMigrations } from "@dsync/db";
import postgres from "postgres";

/** The server tests run against; each test file gets its own database on it. */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Name of the migrated template, keyed by the migrations' content so a schema change rebuilds it. */
function templateName(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) {
    if (file.endsWith(".sql")) hash.update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  }
  return `dsync_template_${hash.digest("hex").slice(0, 12)}`;
}

/** Creates the migrated template database once; concurrent callers wait on an advisory lock. */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateName();
  // Two connections: one holds the lock transaction, the other runs CREATE/ALTER DATABASE,
  // which cannot run inside a transaction block (with one, the second waits on the first forever).
  const admin = postgres(TEST_SERVER_URL, { max: 2, onnotice: () => {} });
  try {
    await admin.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('dsync_test_template'))`;
      const [exists] = await tx`select 1 from pg_database where datname = ${name}`;
      if (exists) return;
      const building = `${name}_building`;
      await admin.unsafe(`drop database if exists "${building}"`);
      await admin.unsafe(`create database "${building}"`);
      const handle = connectPostgres({ url: databaseUrl(building), maxConnections: 1 });
      await runMigrations(handle);
      await handle.close();
      // Renaming makes the template appear only when complete.
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    });
  } finally {
    await admin.end();
  }
  return name;
}

export interface TestDatabase extends DbHandle {
  url: string;
  name: string;
  /** Closes connections and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, cloned from the template. */
export async function createTestDatabase(options?: {
  maxConnections?: number;
}): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase();
  const name = `dsync_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        // Two clones of one template at the same instant can collide (55006); try again.
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const handle = connectPostgres({ url, maxConnections: options?.maxConnections ?? 10 });
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close();
      const dropper = postgres(TEST_SERVER_URL, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
