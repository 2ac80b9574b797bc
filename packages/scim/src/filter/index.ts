export * from "./ast";
export * from "./evaluate";
export * from "./parse";
export * from "./plan";
export * from "./print";
