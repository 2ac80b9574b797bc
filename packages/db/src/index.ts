export * from "./client";
export * from "./migrate";
export * from "./queries";
export * from "./rows";
export * as schema from "./schema";
