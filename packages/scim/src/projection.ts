/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes of a rendered
 * resource are returned. Names are case-insensitive (RFC 7643 §2.1), may name sub-attributes
 * (`name.givenName`, `emails.value`) and may be URN-qualified (`urn:…:User:userName`,
 * `urn:…:enterprise:2.0:User:department`, or a whole extension URN). Attributes returned
 * "always" (`id`, plus `schemas` and `meta.resourceType`, which identify the resource) survive
 * any projection; `password` is never returned.
 */
import { findAttributeDef } from "./resource/normalize";
import { cloneJson, findKey, getOwn, isObject, type JsonObject, setOwn } from "./resource/values";
import { RESOURCE_TYPES, type ResourceKind } from "./schemas/definitions";

/** Splits a comma-separated `attributes` parameter; undefined when it names nothing. */
export function parseAttributeList(param?: string): string[] | undefined {
  if (param === undefined) return undefined;
  const names = param
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return names.length > 0 ? names : undefined;
}

/** A selected path, as keys into the rendered resource (lower-cased for matching). */
type Selector = { all: "core" } | { path: string[] };

/**
 * Reads one attribute name against the resource type's schemas and the extension keys the
 * resource carries. Bare extension attribute names (`department`) are accepted when no
 * top-level attribute has that name, as RFC 7644 §3.10 lets clients omit unambiguous URNs.
 */
function parseSelector(kind: ResourceKind, resource: JsonObject, name: string): Selector {
  const type = RESOURCE_TYPES[kind];
  const lower = name.toLowerCase();
  const urns = [
    type.schema,
    ...type.extensions,
    ...Object.keys(resource).filter((k) => k.toLowerCase().startsWith("urn:")),
  ].sort((a, b) => b.length - a.length);
  for (const urn of urns) {
    const u = urn.toLowerCase();
    if (lower === u) {
      return u === type.schema.toLowerCase() ? { all: "core" } : { path: [u] };
    }
    if (lower.startsWith(`${u}:`)) {
      const rest = lower.slice(u.length + 1).split(".");
      return u === type.schema.toLowerCase() ? { path: rest } : { path: [u, ...rest] };
    }
  }
  const parts = lower.split(".");
  const attr = parts[0] ?? "";
  if (findKey(resource, attr) === undefined) {
    for (const ext of type.extensions) {
      if (findAttributeDef(ext, attr)) return { path: [ext.toLowerCase(), ...parts] };
    }
  }
  return { path: parts };
}

type Mask = true | Map<string, Mask>;

function addToMask(mask: Map<string, Mask>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    mask.set(head, true);
    return;
  }
  const existing = mask.get(head);
  if (existing === true) return;
  const next = existing ?? new Map<string, Mask>();
  mask.set(head, next);
  addToMask(next, rest);
}

/** Keeps what the mask selects; arrays are filtered element by element. */
function applyMask(value: unknown, mask: Mask): unknown {
  if (mask === true) return cloneJson(value);
  if (Array.isArray(value)) {
    return value
      .map((el) => applyMask(el, mask))
      .filter((el) => el !== undefined && !(isObject(el) && Object.keys(el).length === 0));
  }
  if (!isObject(value)) return undefined;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = mask.get(k.toLowerCase());
    if (sub === undefined) continue;
    const picked = applyMask(v, sub);
    if (picked === undefined) continue;
    if (isObject(picked) && Object.keys(picked).length === 0 && sub !== true) continue;
    if (Array.isArray(picked) && picked.length === 0 && sub !== true) continue;
    setOwn(out, k, picked);
  }
  return out;
}

/** Removes one path; `protect` says which paths are returned always and must stay. */
function removePath(
  value: unknown,
  path: string[],
  protect: (path: string[]) => boolean,
  prefix: string[] = [],
): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (Array.isArray(value)) {
    for (const el of value) removePath(el, path, protect, prefix);
    return;
  }
  if (!isObject(value)) return;
  const key = findKey(value, head);
  if (key === undefined) return;
  const here = [...prefix, head];
  if (rest.length === 0) {
    if (protect(here)) return;
    if (here.length === 1 && here[0] === "meta" && isObject(value[key])) {
      // Excluding `meta` keeps `meta.resourceType`, which is returned always.
      const rt = getOwn(value[key] as JsonObject, "resourceType");
      if (rt !== undefined) {
        setOwn(value, key, { resourceType: rt });
        return;
      }
    }
    delete value[key];
    return;
  }
  removePath(value[key], rest, protect, here);
}

const ALWAYS: string[][] = [["id"], ["schemas"], ["meta", "resourcetype"]];

function isAlways(path: string[]): boolean {
  return ALWAYS.some((a) => a.length === path.length && a.every((p, i) => p === path[i]));
}

/** Applies `attributes` / `excludedAttributes` to a rendered resource; `id` and `schemas` always stay. */
export function projectAttributes(
  kind: ResourceKind,
  resource: Record<string, unknown>,
  options: { attributes?: string[]; excludedAttributes?: string[] },
): Record<string, unknown> {
  let out: JsonObject;
  if (options.attributes && options.attributes.length > 0) {
    const mask = new Map<string, Mask>();
    for (const path of ALWAYS) addToMask(mask, path);
    for (const name of options.attributes) {
      const selector = parseSelector(kind, resource, name);
      if ("all" in selector) {
        for (const key of Object.keys(resource)) {
          if (!key.toLowerCase().startsWith("urn:")) addToMask(mask, [key.toLowerCase()]);
        }
      } else {
        addToMask(mask, selector.path);
      }
    }
    out = applyMask(resource, mask) as JsonObject;
  } else {
    out = cloneJson(resource);
  }
  for (const name of options.excludedAttributes ?? []) {
    const selector = parseSelector(kind, resource, name);
    if ("all" in selector) continue;
    removePath(out, selector.path, isAlways);
  }
  // RFC 7643 §4.1.1: password is returned "never", whatever was asked.
  const pw = findKey(out, "password");
  if (pw !== undefined) delete out[pw];
  return out;
}
