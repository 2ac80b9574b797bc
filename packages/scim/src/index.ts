export * from "./errors";
export * from "./filter";
export * from "./filter/ast";
export * from "./schemas/definitions";
