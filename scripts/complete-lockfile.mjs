#!/usr/bin/env node
/**
 * Records the other platforms' native packages (biome, rollup, turbo) in package-lock.json.
 *
 * Why: the registry mirror this project installs from lacks some platform builds, so
 * `npm install` leaves them out of the lock and `npm ci` then refuses the lock as out of sync.
 * Each entry carries its os/cpu/libc, so `npm ci` skips it on other platforms without fetching.
 * Run after any `npm install` that rewrites the lock: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const PARENTS = ["node_modules/@biomejs/biome", "node_modules/rollup", "node_modules/turbo"];
const OS = {
  android: "android",
  darwin: "darwin",
  linux: "linux",
  win32: "win32",
  windows: "win32",
  freebsd: "freebsd",
  openbsd: "openbsd",
  openharmony: "openharmony",
};
const CPU = {
  arm64: "arm64",
  x64: "x64",
  64: "x64",
  arm: "arm",
  ia32: "ia32",
  loong64: "loong64",
  ppc64: "ppc64",
  riscv64: "riscv64",
  s390x: "s390x",
};

const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;
let added = 0;
for (const parent of PARENTS) {
  const optional = packages[parent]?.optionalDependencies ?? {};
  for (const [name, version] of Object.entries(optional)) {
    const key = `node_modules/${name}`;
    if (packages[key] || name === "fsevents") continue;
    const tail = name
      .split("/")
      .pop()
      .replace(/^(cli|rollup)-/, "");
    const [os, cpu] = tail.split("-");
    if (!OS[os] || !CPU[cpu]) throw new Error(`cannot tell the platform of ${name}`);
    const entry = {
      version,
      cpu: [CPU[cpu]],
      license: packages[parent].license ?? "MIT",
      optional: true,
      os: [OS[os]],
    };
    if (tail.includes("musl")) entry.libc = ["musl"];
    else if (OS[os] === "linux") entry.libc = ["glibc"];
    packages[key] = entry;
    added++;
  }
}
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
