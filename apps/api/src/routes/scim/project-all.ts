import { projectAttributes, type ResourceKind } from "@dsync/scim";

/** Applies `attributes` / `excludedAttributes` to each resource of a list. */
export function projectAll(
  kind: ResourceKind,
  resources: Record<string, unknown>[],
  projection: { attributes?: string[]; excludedAttributes?: string[] },
): Record<string, unknown>[] {
  if (!projection.attributes && !projection.excludedAttributes) return resources;
  return resources.map((r) => projectAttributes(kind, r, projection));
}
