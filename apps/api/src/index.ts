export { type AppOptions, createApp } from "./app";
export type { AppDeps } from "./deps";
export { createLogger, type Logger, silentLogger } from "./logger";
export { type RunningApi, type StartApiOptions, startApi } from "./start-api";
