export * from "./secret";
export * from "./serialize-event";
export * from "./sign";
