export * from "./address-guard";
export * from "./retry-schedule";
export * from "./secret";
export * from "./serialize-event";
export * from "./sign";
export * from "./webhook-client";
