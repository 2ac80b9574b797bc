export * from "./logger";
export * from "./metrics";
export * from "./open-database";
export * from "./run-process";
