import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Vitest config for packages whose tests touch PostgreSQL: builds the template DB first. */
export const integrationConfig = defineConfig({
  test: {
    globalSetup: [fileURLToPath(new URL("./src/global-setup.ts", import.meta.url))],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
