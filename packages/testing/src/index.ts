export * from "./database";
export * from "./eventually";
export * from "./webhook-receiver";
