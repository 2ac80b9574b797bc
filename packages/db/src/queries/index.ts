export * from "./directory-groups";
export * from "./directory-users";
export * from "./events";
export * from "./memberships";
export * from "./webhook-deliveries";
