export * from "./diff";
export * from "./directory-user";
export * from "./errors";
export * from "./events";
export * from "./ids";
export * from "./normalize-scim-user";
export * from "./secrets";
