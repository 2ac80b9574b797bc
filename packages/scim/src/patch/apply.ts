/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a stored resource, purely: the input is never
 * mutated, and any failing operation throws so the caller writes nothing (all-or-nothing,
 * §3.5.2: "the operation is applied atomically"). Attributes an operation does not mention
 * are never touched (design.md §4, "PATCH never loses data").
 *
 * Beyond the RFC, this accepts what providers really send: Entra's capitalized ops and string
 * booleans, path-less values whose keys are dotted (`name.givenName`), URN-qualified or full
 * filter paths (`emails[type eq "work"].value`, Entra with `aadOptscim062020`), Okta's
 * path-less replace carrying `id`, and Entra's filtered add/replace that matches nothing and
 * expects the element to be created.
 */
import { badRequest, ScimError } from "../errors";
import type { AttrPath, FilterNode, PatchPath } from "../filter/ast";
import { matchesElement } from "../filter/evaluate";
import { parsePatchPath } from "../filter/parse";
import {
  enforceSinglePrimary,
  findAttributeDef,
  findSubDef,
  normalizeAttributeValue,
  normalizeComplexValue,
  type Resource,
  splitUrnPrefixed,
} from "../resource/normalize";
import {
  cloneJson,
  describe,
  findKey,
  getOwn,
  isObject,
  type JsonObject,
  jsonEquals,
  normalizeSimpleValue,
  setOwn,
} from "../resource/values";
import {
  type AttributeDef,
  COMMON_ATTRIBUTES,
  canonicalSchemaUrn,
  RESOURCE_TYPES,
  type ResourceKind,
} from "../schemas/definitions";
import type { PatchOperation } from "./parse";

/** Per-provider choices for applying PATCH (see profiles.ts). */
export interface ApplyPatchOptions {
  /**
   * A filtered add/replace with a sub-attribute (`emails[type eq "work"].value`) that matches
   * no element creates one from the filter's `eq` terms, as Entra expects. RFC 7644 §3.5.2.3
   * says 400 noTarget instead; that is what `false` gives. Default true.
   */
  createOnFilterNoMatch?: boolean;
}

type Op = PatchOperation["op"];

/** Where an attribute path points inside the resource. */
type Target =
  | {
      kind: "attribute";
      /** Returns the object holding the attribute, creating an extension object if asked. */
      container: (create: boolean) => JsonObject | undefined;
      key: string;
      def: AttributeDef | undefined;
      name: string;
      /** AttrPath for the filter evaluator (canonical attribute name). */
      parent: AttrPath;
    }
  | { kind: "object"; key: string; schema: string | undefined }
  | { kind: "ignored" };

const EXTERNAL_ID = COMMON_ATTRIBUTES.find((d) => d.name === "externalId")!;

/** Applies PATCH operations to a copy of `resource`; throws ScimError and changes nothing on failure. */
export function applyPatch(
  kind: ResourceKind,
  resource: Resource,
  ops: PatchOperation[],
  options: ApplyPatchOptions = {},
): Resource {
  const out = cloneJson(resource);
  const ctx: Ctx = { kind, resource: out, createOnNoMatch: options.createOnFilterNoMatch ?? true };
  for (const operation of ops) {
    if (operation.path) {
      applyAt(ctx, operation.op, operation.path, operation.value, false);
    } else {
      if (operation.op === "remove") throw badRequest("noTarget", "remove needs a path.");
      if (!isObject(operation.value)) {
        throw badRequest(
          "invalidValue",
          `${operation.op} without a path needs an object of attributes, got ${describe(operation.value)}.`,
        );
      }
      applyPathless(ctx, operation.op, operation.value);
    }
  }
  tidyExtensions(kind, out);
  return out;
}

interface Ctx {
  kind: ResourceKind;
  resource: JsonObject;
  createOnNoMatch: boolean;
}

/** Keeps `schemas` in step with extension objects and drops extension objects left empty. */
function tidyExtensions(kind: ResourceKind, resource: JsonObject): void {
  for (const urn of RESOURCE_TYPES[kind].extensions) {
    const key = findKey(resource, urn);
    if (key === undefined) continue;
    const ext = resource[key];
    if (isObject(ext) && Object.keys(ext).length === 0) {
      delete resource[key];
      continue;
    }
    const schemas = getOwn(resource, "schemas");
    if (
      Array.isArray(schemas) &&
      !schemas.some((s) => typeof s === "string" && s.toLowerCase() === urn.toLowerCase())
    ) {
      schemas.push(urn);
    }
  }
}

/**
 * A path-less add/replace: "the value MUST be a resource object with attributes" (RFC 7644
 * §3.5.2.1, §3.5.2.3); each key is applied as if it were the operation's path.
 */
function applyPathless(ctx: Ctx, op: Op, value: JsonObject): void {
  const type = RESOURCE_TYPES[ctx.kind];
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    // Not patchable attributes: `schemas` follows the data; `id`/`meta` are read-only and Okta
    // sends `id` in its path-less group rename, which must not fail the request.
    if (lower === "schemas" || lower === "id" || lower === "meta") continue;
    const urn = canonicalSchemaUrn(ctx.kind, key);
    if (urn === type.schema) {
      if (isObject(v)) applyPathless(ctx, op, v);
      else if (v !== null) {
        throw badRequest("invalidValue", `${urn} must be an object, got ${describe(v)}.`);
      }
      continue;
    }
    if (urn) {
      applyAt(ctx, op, { path: { schema: urn, attr: "" } }, v, true);
      continue;
    }
    const prefixed = splitUrnPrefixed(ctx.kind, key);
    if (prefixed) {
      const path = parseKeyPath(prefixed.rest);
      applyAt(ctx, op, { ...path, path: { ...path.path, schema: prefixed.schema } }, v, true);
      continue;
    }
    if (lower.startsWith("urn:") && isObject(v)) {
      // An extension this server does not define, sent as an object: merged under its key.
      applyAt(ctx, op, { path: { schema: key, attr: "" } }, v, true);
      continue;
    }
    applyAt(ctx, op, parseKeyPath(key), v, true);
  }
}

/** A key of a path-less value as a path (`name.givenName`, `emails[type eq "work"].value`). */
function parseKeyPath(key: string): PatchPath {
  try {
    return parsePatchPath(key);
  } catch (error) {
    // A key the path grammar cannot read is an unknown attribute name, kept as sent.
    if (error instanceof ScimError) return { path: { attr: key } };
    throw error;
  }
}

function resolve(ctx: Ctx, attrPath: AttrPath, fromValue: boolean): Target {
  const type = RESOURCE_TYPES[ctx.kind];
  const resource = ctx.resource;
  let schema: string | undefined;
  if (attrPath.schema !== undefined) {
    const known = canonicalSchemaUrn(ctx.kind, attrPath.schema);
    // `urn:…:enterprise:2.0:User` as a whole may parse as schema `…:2.0` + attr `User`.
    const whole = attrPath.attr === "" ? attrPath.schema : `${attrPath.schema}:${attrPath.attr}`;
    const wholeKnown = canonicalSchemaUrn(ctx.kind, whole);
    if (attrPath.sub === undefined && (attrPath.attr === "" || (!known && wholeKnown))) {
      if (wholeKnown === type.schema) {
        throw badRequest("invalidPath", "The core schema URN alone is not a patchable path.");
      }
      if (wholeKnown)
        return {
          kind: "object",
          key: findKey(resource, wholeKnown) ?? wholeKnown,
          schema: wholeKnown,
        };
      if (attrPath.attr === "")
        return { kind: "object", key: findKey(resource, whole) ?? whole, schema: undefined };
      const existing = findKey(resource, whole);
      if (existing !== undefined && isObject(resource[existing])) {
        return { kind: "object", key: existing, schema: undefined };
      }
    }
    if (known) {
      schema = known;
    } else {
      // An extension this server does not define: its attributes live under its URN key.
      const extKey = findKey(resource, attrPath.schema) ?? attrPath.schema;
      return unknownTarget(
        (create) => objectAt(resource, extKey, create),
        attrPath,
        `${attrPath.schema}:${attrPath.attr}`,
      );
    }
  }

  if (schema === undefined || schema === type.schema) {
    const lower = attrPath.attr.toLowerCase();
    if (lower === "id" || lower === "meta") {
      // RFC 7643 §3.1: read-only. Okta sends `id` in path-less values (ignored); an explicit
      // path is a client error worth reporting.
      if (fromValue) return { kind: "ignored" };
      throw badRequest("mutability", `${attrPath.attr} is read-only.`);
    }
    if (lower === "externalid") {
      return {
        kind: "attribute",
        container: () => resource,
        key: findKey(resource, "externalId") ?? "externalId",
        def: EXTERNAL_ID,
        name: "externalId",
        parent: { attr: "externalId" },
      };
    }
    if (ctx.kind === "Group" && lower === "members") {
      // Membership is never held in memory (groups can have 100,000 members).
      throw badRequest(
        "invalidPath",
        "Group members are applied as membership changes; split them out with splitGroupPatch.",
      );
    }
    const def = findAttributeDef(type.schema, attrPath.attr);
    if (def) return definedTarget(def, undefined, () => resource, fromValue);
    if (schema === undefined) {
      // Bare extension attribute names (`department`) are accepted when nothing at the top
      // level has that name, since RFC 7644 §3.10 lets clients omit unambiguous URNs.
      if (findKey(resource, attrPath.attr) === undefined) {
        for (const ext of type.extensions) {
          const extDef = findAttributeDef(ext, attrPath.attr);
          if (extDef) return definedTarget(extDef, ext, extContainer(resource, ext), fromValue);
        }
      }
    }
    return unknownTarget(() => resource, attrPath, attrPath.attr);
  }
  const def = findAttributeDef(schema, attrPath.attr);
  const container = extContainer(resource, schema);
  if (def) return definedTarget(def, schema, container, fromValue);
  return unknownTarget(container, attrPath, `${schema}:${attrPath.attr}`);
}

function extContainer(
  resource: JsonObject,
  urn: string,
): (create: boolean) => JsonObject | undefined {
  return (create) => objectAt(resource, findKey(resource, urn) ?? urn, create);
}

function objectAt(parent: JsonObject, key: string, create: boolean): JsonObject | undefined {
  const existing = getOwn(parent, key);
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  const obj: JsonObject = {};
  setOwn(parent, key, obj);
  return obj;
}

function definedTarget(
  def: AttributeDef,
  schema: string | undefined,
  container: (create: boolean) => JsonObject | undefined,
  fromValue: boolean,
): Target {
  // `password` is write-only and never stored (RFC 7643 §4.1.1; design.md §4).
  if (def.mutability === "writeOnly") return { kind: "ignored" };
  if (def.mutability === "readOnly") {
    if (fromValue) return { kind: "ignored" };
    throw badRequest("mutability", `${def.name} is read-only.`);
  }
  const name = schema ? `${schema}:${def.name}` : def.name;
  const probe = container(false);
  const key = (probe && findKey(probe, def.name)) ?? def.name;
  return {
    kind: "attribute",
    container,
    key,
    def,
    name,
    parent: schema ? { schema, attr: def.name } : { attr: def.name },
  };
}

function unknownTarget(
  container: (create: boolean) => JsonObject | undefined,
  attrPath: AttrPath,
  name: string,
): Target {
  const probe = container(false);
  const key = (probe && findKey(probe, attrPath.attr)) ?? attrPath.attr;
  return {
    kind: "attribute",
    container,
    key,
    def: undefined,
    name,
    parent: attrPath.schema
      ? { schema: attrPath.schema, attr: attrPath.attr }
      : { attr: attrPath.attr },
  };
}

function applyAt(ctx: Ctx, op: Op, path: PatchPath, value: unknown, fromValue: boolean): void {
  const target = resolve(ctx, path.path, fromValue);
  if (target.kind === "ignored") return;
  if (target.kind === "object") {
    applyToObject(ctx, op, target.key, target.schema, value);
    return;
  }
  if (path.filter) {
    applyFiltered(ctx, op, target, path.filter, path.subAttr, value);
    return;
  }
  if (path.path.sub !== undefined) {
    applySub(op, target, path.path.sub, value);
    return;
  }
  applyWhole(op, target, value);
}

/** add/replace/remove of a whole extension object: attributes merge one by one. */
function applyToObject(
  ctx: Ctx,
  op: Op,
  key: string,
  schema: string | undefined,
  value: unknown,
): void {
  if (op === "remove") {
    delete ctx.resource[key];
    return;
  }
  if (value === null) {
    if (op === "replace") delete ctx.resource[key];
    return;
  }
  if (!isObject(value)) {
    throw badRequest("invalidValue", `${key} must be an object, got ${describe(value)}.`);
  }
  if (!schema) {
    const obj = objectAt(ctx.resource, key, true)!;
    for (const [k, v] of Object.entries(value)) setOwn(obj, findKey(obj, k) ?? k, cloneJson(v));
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    applyAt(ctx, op, parseKeyPathIn(schema, k), v, true);
  }
}

function parseKeyPathIn(schema: string, key: string): PatchPath {
  const path = parseKeyPath(key);
  return { ...path, path: { ...path.path, schema } };
}

function normalizeFor(target: Extract<Target, { kind: "attribute" }>, value: unknown): unknown {
  if (!target.def) return cloneJson(value);
  return normalizeAttributeValue(target.def, target.name, value);
}

function normalizeSub(
  def: AttributeDef | undefined,
  name: string,
  sub: string,
  value: unknown,
): { key: string; value: unknown } {
  const subDef = def ? findSubDef(def, sub) : undefined;
  if (def && def.type !== "complex") {
    throw badRequest("invalidPath", `${name} has no sub-attribute ${sub}.`);
  }
  if (!subDef) return { key: sub, value: cloneJson(value) };
  return { key: subDef.name, value: normalizeSimpleValue(subDef, `${name}.${subDef.name}`, value) };
}

/** `attr` with no filter and no sub-attribute. */
function applyWhole(op: Op, target: Extract<Target, { kind: "attribute" }>, value: unknown): void {
  const { def } = target;
  if (op === "remove") {
    const container = target.container(false);
    if (!container || !Object.hasOwn(container, target.key)) return;
    const current = container[target.key];
    if (value !== undefined && value !== null && Array.isArray(current)) {
      // Entra removes values of a multi-valued attribute with `path: "emails", value: [...]`:
      // only the listed values go (the RFC form would drop them all, losing data).
      const wanted = (Array.isArray(value) ? value : [value]).map((v) =>
        def && isObject(v) && def.type === "complex"
          ? normalizeComplexValue(def, target.name, v)
          : v,
      );
      const kept = current.filter((el) => !wanted.some((w) => elementMatches(el, w)));
      if (kept.length === 0) delete container[target.key];
      else setOwn(container, target.key, kept);
      return;
    }
    delete container[target.key];
    return;
  }
  if (value === null) {
    // RFC 7643 §2.5: null means unassigned; replacing with null clears, adding null is a no-op.
    if (op === "replace") {
      const container = target.container(false);
      if (container) delete container[target.key];
    }
    return;
  }
  const normalized = normalizeFor(target, value);
  if (normalized === undefined) return;
  const container = target.container(true)!;
  const current = getOwn(container, target.key);
  const multi = def ? def.multiValued : Array.isArray(current) && Array.isArray(normalized);
  const complex = def
    ? def.type === "complex" && !def.multiValued
    : isObject(current) && isObject(normalized);
  if (multi) {
    const incoming = Array.isArray(normalized) ? normalized : [normalized];
    if (op === "replace" || !Array.isArray(current)) {
      setOwn(container, target.key, incoming);
      return;
    }
    // RFC 7644 §3.5.2.1: add appends; a value already there changes nothing.
    const list = current;
    let prefer: number | undefined;
    for (const element of incoming) {
      const same = list.findIndex((el) => sameValue(el, element));
      if (same >= 0) {
        list[same] =
          isObject(list[same]) && isObject(element) ? { ...list[same], ...element } : element;
        if (isObject(element) && element.primary === true) prefer = same;
      } else {
        list.push(element);
        if (isObject(element) && element.primary === true) prefer = list.length - 1;
      }
    }
    enforceSinglePrimary(list, prefer);
    return;
  }
  if (complex && isObject(current) && isObject(normalized)) {
    // RFC 7644 §3.5.2.1 (add) and §3.5.2.3 (replace) both leave sub-attributes that the value
    // does not specify unchanged.
    setOwn(container, target.key, { ...current, ...normalized });
    return;
  }
  setOwn(container, target.key, normalized);
}

/** Two elements of a multi-valued attribute hold the same value (same `value` and `type`, or identical). */
function sameValue(a: unknown, b: unknown): boolean {
  if (jsonEquals(a, b)) return true;
  if (!isObject(a) || !isObject(b)) return false;
  if (!Object.hasOwn(b, "value") || !jsonEquals(getOwn(a, "value"), getOwn(b, "value")))
    return false;
  const ta = getOwn(a, "type");
  const tb = getOwn(b, "type");
  if (typeof ta === "string" && typeof tb === "string")
    return ta.toLowerCase() === tb.toLowerCase();
  return ta === undefined && tb === undefined;
}

/** Whether `element` has every sub-attribute `wanted` lists, with equal values. */
function elementMatches(element: unknown, wanted: unknown): boolean {
  if (!isObject(wanted) || !isObject(element)) return jsonEquals(element, wanted);
  const keys = Object.keys(wanted).filter((k) => wanted[k] !== null && k !== "$ref");
  if (keys.length === 0) return false;
  return keys.every((k) => {
    const ek = findKey(element, k);
    return ek !== undefined && jsonEquals(element[ek], wanted[k]);
  });
}

/** `attr.sub` with no filter (`name.givenName`, `manager.value`, `emails.value`). */
function applySub(
  op: Op,
  target: Extract<Target, { kind: "attribute" }>,
  sub: string,
  value: unknown,
): void {
  const { def } = target;
  const clear = op === "remove" || value === null;
  const container = target.container(!clear);
  if (!container) return;
  const current = getOwn(container, target.key);
  const multi = def ? def.multiValued : Array.isArray(current);
  if (clear) {
    if (op === "add") return;
    if (def && def.type !== "complex") {
      throw badRequest("invalidPath", `${target.name} has no sub-attribute ${sub}.`);
    }
    const subKey = (def && findSubDef(def, sub)?.name) ?? sub;
    const remove = (obj: unknown) => {
      if (!isObject(obj)) return;
      const k = findKey(obj, subKey);
      if (k !== undefined) delete obj[k];
    };
    if (Array.isArray(current)) current.forEach(remove);
    else if (isObject(current)) {
      remove(current);
      if (Object.keys(current).length === 0) delete container[target.key];
    }
    return;
  }
  const { key, value: v } = normalizeSub(def, target.name, sub, value);
  if (multi) {
    // No filter: the sub-attribute of every value is the target (RFC 7644 §3.5.2); with no
    // values yet, one is created.
    const list = Array.isArray(current) ? current : [];
    if (list.length === 0) list.push({});
    for (const el of list) if (isObject(el)) setOwn(el, findKey(el, key) ?? key, cloneJson(v));
    if (key === "primary" && v === true) enforceSinglePrimary(list);
    setOwn(container, target.key, list);
    return;
  }
  const obj = isObject(current) ? current : {};
  setOwn(obj, findKey(obj, key) ?? key, v);
  setOwn(container, target.key, obj);
}

/** `attr[filter]` and `attr[filter].sub` (RFC 7644 §3.5.2, value selection filters). */
function applyFiltered(
  ctx: Ctx,
  op: Op,
  target: Extract<Target, { kind: "attribute" }>,
  filter: FilterNode,
  subAttr: string | undefined,
  value: unknown,
): void {
  const { def } = target;
  if (def && !def.multiValued) {
    throw badRequest(
      "invalidPath",
      `A value filter needs a multi-valued attribute; ${target.name} is not.`,
    );
  }
  const container = target.container(false);
  const current = container ? getOwn(container, target.key) : undefined;
  if (current !== undefined && current !== null && !Array.isArray(current)) {
    throw badRequest("invalidPath", `${target.name} is not multi-valued.`);
  }
  const list: unknown[] = Array.isArray(current) ? current : [];
  const matched: number[] = [];
  list.forEach((el, i) => {
    if (matchesElement(ctx.kind, target.parent, filter, el)) matched.push(i);
  });

  if (op === "remove" || value === null) {
    if (matched.length === 0) {
      // RFC 7644 §3.5.2.2: a filter that matches nothing is 400 noTarget.
      if (op === "remove")
        throw badRequest("noTarget", `No value of ${target.name} matches the filter.`);
      return;
    }
    if (subAttr !== undefined) {
      const subKey = (def && findSubDef(def, subAttr)?.name) ?? subAttr;
      for (const i of matched) {
        const el = list[i];
        if (!isObject(el)) continue;
        const k = findKey(el, subKey);
        if (k !== undefined) delete el[k];
      }
      return;
    }
    const kept = list.filter((_, i) => !matched.includes(i));
    if (kept.length === 0) delete container![target.key];
    else setOwn(container!, target.key, kept);
    return;
  }

  let patch: JsonObject;
  if (subAttr !== undefined) {
    const sub = normalizeSub(def, target.name, subAttr, value);
    patch = {};
    setOwn(patch, sub.key, sub.value);
  } else {
    if (!isObject(value)) {
      throw badRequest(
        "invalidValue",
        `${op} of ${target.name}[…] needs an object value, got ${describe(value)}.`,
      );
    }
    patch = def ? normalizeComplexValue(def, target.name, value) : cloneJson(value);
  }

  let prefer: number | undefined;
  if (matched.length === 0) {
    const template = ctx.createOnNoMatch ? elementFromFilter(filter, def) : undefined;
    if (!template) {
      // RFC 7644 §3.5.2.3: no match for a filtered replace is 400 noTarget.
      throw badRequest("noTarget", `No value of ${target.name} matches the filter.`);
    }
    const element = def
      ? normalizeComplexValue(def, target.name, { ...template, ...patch })
      : { ...template, ...patch };
    list.push(element);
    prefer = list.length - 1;
  } else {
    for (const i of matched) {
      const el = list[i];
      list[i] = isObject(el) ? { ...el, ...patch } : patch;
      if (patch.primary === true) prefer = i;
    }
  }
  if (patch.primary === true) enforceSinglePrimary(list, prefer);
  setOwn(target.container(true)!, target.key, list);
}

/**
 * The element a filter describes, for creating it when nothing matches: only `eq` terms on
 * sub-attributes joined by `and` (`type eq "work"`) say what the element is; anything else
 * (`value co "x"`, `or`) does not, and yields undefined.
 */
function elementFromFilter(
  filter: FilterNode,
  def: AttributeDef | undefined,
): JsonObject | undefined {
  if (filter.kind === "and") {
    const left = elementFromFilter(filter.left, def);
    const right = elementFromFilter(filter.right, def);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.kind !== "compare" || filter.op !== "eq" || filter.path.sub !== undefined)
    return undefined;
  if (filter.value === null) return undefined;
  const name = (def && findSubDef(def, filter.path.attr)?.name) ?? filter.path.attr;
  const out: JsonObject = {};
  setOwn(out, name, filter.value);
  return out;
}
