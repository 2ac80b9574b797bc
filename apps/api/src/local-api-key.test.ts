import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@dsync/config";
import { describe, expect, it } from "vitest";
import { ensureLocalApiKey } from "./local-api-key";

describe("ensureLocalApiKey", () => {
  it("creates one owner-only key for an embedded install and reuses it on the next start", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dsync-key-"));
    const first = ensureLocalApiKey(loadConfig({ DSYNC_DATA_DIR: dataDir }));
    expect(first.created).toBe(true);
    expect(first.config.apiKey).toMatch(/^dsync_admin_/);
    const file = join(dataDir, "admin-api-key");
    expect(readFileSync(file, "utf8").trim()).toBe(first.config.apiKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = ensureLocalApiKey(loadConfig({ DSYNC_DATA_DIR: dataDir }));
    expect(second.created).toBe(false);
    expect(second.config.apiKey).toBe(first.config.apiKey);
  });

  it("leaves an explicit key and server databases alone", () => {
    const explicit = loadConfig({ DSYNC_API_KEY: "explicit-key-0123456789" });
    expect(ensureLocalApiKey(explicit).config.apiKey).toBe("explicit-key-0123456789");
    const server = loadConfig({ DATABASE_URL: "postgres://127.0.0.1/x" });
    expect(ensureLocalApiKey(server).config.apiKey).toBeUndefined();
  });
});
