export * from "./directory-objects";
export * from "./events/record-events";
export * from "./scim";
export * from "./transaction";
