export * from "./client";
export * from "./migrate";
export * from "./queries";
export * from "./queries/directories";
export * from "./queries/directory-tokens";
export * from "./queries/health";
export * from "./queries/organizations";
export * from "./rows";
export * as schema from "./schema";
