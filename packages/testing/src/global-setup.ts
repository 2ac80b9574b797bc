import { ensureTemplateDatabase } from "./database";

/** Vitest global setup: build the migrated template once before any test file clones it. */
export default async function setup(): Promise<void> {
  await ensureTemplateDatabase();
}
