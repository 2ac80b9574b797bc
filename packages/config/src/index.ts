export * from "./duration";
export * from "./load-config";
export * from "./schema";
