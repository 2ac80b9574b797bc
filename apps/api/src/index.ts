export { type AppOptions, createApp } from "./app";
export type { AppDeps } from "./deps";
export { ensureLocalApiKey, withLocalApiKey } from "./local-api-key";
export { type RunningApi, SHUTDOWN_DEADLINE_MS, type StartApiOptions, startApi } from "./start-api";
