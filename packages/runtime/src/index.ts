export * from "./logger";
export * from "./open-database";
export * from "./run-process";
export * from "./metrics";
