export * from "./bulk";
export * from "./discovery";
export * from "./errors";
export * from "./filter";
export * from "./filter/ast";
export * from "./list";
export * from "./patch/apply";
export * from "./patch/group";
export * from "./patch/parse";
export * from "./profiles";
export * from "./projection";
export {
  type MemberRef,
  type NormalizedResource,
  normalizeResource,
  type Resource,
} from "./resource/normalize";
export * from "./schemas/definitions";
