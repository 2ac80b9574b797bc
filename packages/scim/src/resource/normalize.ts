/**
 * Normalization of POST/PUT bodies (and of PATCH results) into the stored resource shape:
 * canonical attribute names (RFC 7643 §2.1: names are case-insensitive), extension attributes
 * under their canonical URN key (RFC 7643 §3.3), JSON booleans, no read-only or write-only
 * data. Unknown attributes and unknown extensions are kept exactly as sent.
 *
 * `externalId` is returned separately and is NOT part of the stored resource: it has its own
 * column (correlation and uniqueness, design.md §4), and keeping one copy means the column
 * and the resource can never disagree. Renderers put it back into responses. Likewise a
 * Group's `members` are returned separately: membership lives in its own table.
 */
import { badRequest } from "../errors";
import {
  type AttributeDef,
  canonicalSchemaUrn,
  RESOURCE_TYPES,
  type ResourceKind,
  SCHEMAS,
} from "../schemas/definitions";
import {
  assertStorableJson,
  describe,
  findKey,
  getOwn,
  isObject,
  type JsonObject,
  normalizeSimpleValue,
  setOwn,
} from "./values";

/** A stored resource: canonical SCIM JSON without `id`, `meta`, `password`, `externalId`, Group `members`. */
export type Resource = Record<string, unknown>;

/** One member of a group as sent by a provider (`$ref` is ignored: `value` is the id). */
export interface MemberRef {
  value: string;
  display?: string;
  type?: string;
}

/** What a POST/PUT body normalizes to. */
export interface NormalizedResource {
  resource: Resource;
  externalId?: string;
  /** Group members, only when the body had a `members` key (an explicit `[]` included). */
  members?: MemberRef[];
}

/** The definition of `name` in one schema, matched case-insensitively. */
export function findAttributeDef(schema: string, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return SCHEMAS[schema]?.attributes.find((d) => d.name.toLowerCase() === lower);
}

/** The definition of sub-attribute `name` of a complex attribute, matched case-insensitively. */
export function findSubDef(def: AttributeDef, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return def.subAttributes?.find((d) => d.name.toLowerCase() === lower);
}

/**
 * Keeps at most one `primary: true` in a multi-valued attribute (RFC 7643 §2.4). The element
 * at `prefer` wins when it is primary (the one a PATCH just set), else the first one does;
 * the others get `primary: false`.
 */
export function enforceSinglePrimary(elements: unknown[], prefer?: number): void {
  const primaries = elements
    .map((el, i) => (isObject(el) && getOwn(el, "primary") === true ? i : -1))
    .filter((i) => i >= 0);
  if (primaries.length < 2) return;
  const keep = prefer !== undefined && primaries.includes(prefer) ? prefer : primaries[0];
  for (const i of primaries) {
    if (i !== keep) setOwn(elements[i] as JsonObject, "primary", false);
  }
}

/** Normalizes the sub-attributes of one complex value; unknown sub-attributes are kept as sent. */
export function normalizeComplexValue(
  def: AttributeDef,
  name: string,
  value: JsonObject,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, sub] of Object.entries(value)) {
    const subDef = findSubDef(def, key);
    if (!subDef) {
      setOwn(out, key, sub);
      continue;
    }
    // RFC 7643 §2.5: null is "unassigned", the same as absent.
    if (sub === null || sub === undefined) continue;
    setOwn(out, subDef.name, normalizeSimpleValue(subDef, `${name}.${subDef.name}`, sub));
  }
  return out;
}

function hasValueSubAttribute(def: AttributeDef): boolean {
  return def.subAttributes?.some((s) => s.name === "value") ?? false;
}

/**
 * Normalizes a value for an attribute definition, or returns undefined for null (unassigned,
 * RFC 7643 §2.5). Lenient where nothing is lost (a single object for a multi-valued attribute
 * is wrapped; a bare string for `manager`, as Entra sends it, becomes `{ value }`), strict
 * where the value would be meaningless (`emails: "x"`, `name: 3`) → 400 invalidValue.
 */
export function normalizeAttributeValue(def: AttributeDef, name: string, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.type === "complex") {
    if (def.multiValued) {
      const list = Array.isArray(value) ? value : isObject(value) ? [value] : undefined;
      if (!list) {
        throw badRequest(
          "invalidValue",
          `Attribute ${name} must be a list of objects, got ${describe(value)}.`,
        );
      }
      const out: JsonObject[] = [];
      for (const element of list) {
        if (element === null || element === undefined) continue;
        if (!isObject(element)) {
          throw badRequest(
            "invalidValue",
            `Each value of ${name} must be an object, got ${describe(element)}.`,
          );
        }
        const normalized = normalizeComplexValue(def, name, element);
        // An element with nothing in it carries no data; keeping it would only add noise.
        if (Object.keys(normalized).length > 0) out.push(normalized);
      }
      enforceSinglePrimary(out);
      return out;
    }
    if (isObject(value)) return normalizeComplexValue(def, name, value);
    if ((typeof value === "string" || typeof value === "number") && hasValueSubAttribute(def)) {
      return { value: String(value) };
    }
    throw badRequest(
      "invalidValue",
      `Attribute ${name} must be an object, got ${describe(value)}.`,
    );
  }
  if (def.multiValued) {
    const list = Array.isArray(value) ? value : [value];
    return list
      .filter((v) => v !== null && v !== undefined)
      .map((v) => normalizeSimpleValue(def, name, v));
  }
  return normalizeSimpleValue(def, name, value);
}

/**
 * Writes one attribute into `container` (the resource or an extension object). Complex
 * single-valued attributes sent twice (e.g. `name` and `NAME`, or an object and a URN-prefixed
 * key) are merged rather than overwritten.
 */
function putAttribute(container: JsonObject, schema: string, key: string, value: unknown): void {
  const def = findAttributeDef(schema, key);
  if (!def) {
    setOwn(container, key, value);
    return;
  }
  // RFC 7643 §4.1.1: `password` is writeOnly; dsync accepts it and never stores it.
  // Read-only attributes (`groups`) are maintained by us; client values are ignored (§2.2).
  if (def.mutability === "writeOnly" || def.mutability === "readOnly") return;
  const normalized = normalizeAttributeValue(def, def.name, value);
  if (normalized === undefined) return;
  const existing = getOwn(container, def.name);
  if (def.type === "complex" && !def.multiValued && isObject(existing) && isObject(normalized)) {
    setOwn(container, def.name, { ...existing, ...normalized });
    return;
  }
  setOwn(container, def.name, normalized);
}

/**
 * `urn:…:enterprise:2.0:User:department` → { schema, rest: "department" } for the resource
 * type's own schemas, matched case-insensitively; undefined for anything else.
 */
export function splitUrnPrefixed(
  kind: ResourceKind,
  key: string,
): { schema: string; rest: string } | undefined {
  const type = RESOURCE_TYPES[kind];
  const lower = key.toLowerCase();
  for (const urn of [type.schema, ...type.extensions]) {
    const prefix = `${urn.toLowerCase()}:`;
    if (lower.startsWith(prefix) && key.length > prefix.length) {
      return { schema: urn, rest: key.slice(prefix.length) };
    }
  }
  return undefined;
}

function normalizeSchemas(kind: ResourceKind, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== "string") {
      throw badRequest("invalidValue", `schemas must be a list of URNs, got ${describe(item)}.`);
    }
    const urn = canonicalSchemaUrn(kind, item) ?? item;
    if (!out.some((u) => u.toLowerCase() === urn.toLowerCase())) out.push(urn);
  }
  return out;
}

function normalizeExternalId(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") {
    throw badRequest("invalidValue", `externalId must be a string, got ${describe(value)}.`);
  }
  // An empty externalId identifies nothing; storing it would make every such user collide.
  return value === "" ? undefined : value;
}

/**
 * Reads group members as sent on POST/PUT and in PATCH values: objects with `value` (any case),
 * optional `display` and `type`; a bare id string is accepted. A member without an id is a
 * 400: dropping it would silently lose a membership.
 */
export function parseMemberRefs(value: unknown): MemberRef[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: MemberRef[] = [];
  for (const element of list) {
    if (element === null || element === undefined) continue;
    if (typeof element === "string" || typeof element === "number") {
      if (String(element) === "") throw badRequest("invalidValue", "A member id is empty.");
      out.push({ value: String(element) });
      continue;
    }
    if (!isObject(element)) {
      throw badRequest("invalidValue", `Each member must be an object, got ${describe(element)}.`);
    }
    const idKey = findKey(element, "value");
    const id = idKey === undefined ? undefined : element[idKey];
    if ((typeof id !== "string" && typeof id !== "number") || String(id) === "") {
      throw badRequest("invalidValue", "Each member needs a non-empty `value` (the member's id).");
    }
    const ref: MemberRef = { value: String(id) };
    const displayKey = findKey(element, "display");
    const display = displayKey === undefined ? undefined : element[displayKey];
    if (typeof display === "string") ref.display = display;
    const typeKey = findKey(element, "type");
    const type = typeKey === undefined ? undefined : element[typeKey];
    if (typeof type === "string") ref.type = type;
    out.push(ref);
  }
  return out;
}

function isBlank(value: unknown): boolean {
  return typeof value !== "string" || value.trim() === "";
}

/** Normalizes a POST/PUT body (or a PATCHed resource) into the stored resource shape. */
export function normalizeResource(kind: ResourceKind, body: unknown): NormalizedResource {
  if (!isObject(body)) {
    throw badRequest("invalidSyntax", `A ${kind} must be a JSON object, got ${describe(body)}.`);
  }
  assertStorableJson(body, `The ${kind}`);
  const type = RESOURCE_TYPES[kind];
  const core: JsonObject = {};
  const extensions = new Map<string, JsonObject>();
  const extension = (urn: string): JsonObject => {
    let obj = extensions.get(urn);
    if (!obj) {
      obj = {};
      extensions.set(urn, obj);
    }
    return obj;
  };
  let schemas: string[] | undefined;
  let externalId: string | undefined;
  let members: MemberRef[] | undefined;

  const putInSchema = (schema: string, key: string, value: unknown): void => {
    if (schema === type.schema) putAttribute(core, schema, key, value);
    else putAttribute(extension(schema), schema, key, value);
  };

  const handle = (key: string, value: unknown): void => {
    const lower = key.toLowerCase();
    if (lower === "schemas") {
      schemas = normalizeSchemas(kind, value);
      return;
    }
    // RFC 7643 §3.1: id and meta are assigned by the service provider; client values are ignored.
    if (lower === "id" || lower === "meta") return;
    if (lower === "externalid") {
      externalId = normalizeExternalId(value);
      return;
    }
    if (kind === "Group" && lower === "members") {
      members = parseMemberRefs(value);
      return;
    }
    const urn = canonicalSchemaUrn(kind, key);
    if (urn) {
      // An extension (or, rarely, the core schema) sent as an object under its URN.
      if (value === null || value === undefined) return;
      if (!isObject(value)) {
        throw badRequest("invalidValue", `${urn} must be an object, got ${describe(value)}.`);
      }
      for (const [attr, v] of Object.entries(value)) {
        if (urn === type.schema) handle(attr, v);
        else putInSchema(urn, attr, v);
      }
      return;
    }
    const prefixed = splitUrnPrefixed(kind, key);
    if (prefixed) {
      if (prefixed.schema === type.schema) {
        // `urn:…:core:2.0:User:displayName` is just `displayName` (RFC 7644 §3.10).
        handle(prefixed.rest, value);
        return;
      }
      // `"urn:…:enterprise:2.0:User:department": "x"` (and `…:manager.value`) moves under the URN.
      const dot = prefixed.rest.indexOf(".");
      if (dot > 0) {
        const attr = prefixed.rest.slice(0, dot);
        const def = findAttributeDef(prefixed.schema, attr);
        if (def?.type === "complex" && !def.multiValued) {
          const sub: JsonObject = {};
          setOwn(sub, prefixed.rest.slice(dot + 1), value);
          putInSchema(prefixed.schema, attr, sub);
          return;
        }
      }
      putInSchema(prefixed.schema, prefixed.rest, value);
      return;
    }
    // Passwords are accepted and never stored, whatever the resource type.
    if (lower === "password") return;
    putInSchema(type.schema, key, value);
  };
  for (const [key, value] of Object.entries(body)) handle(key, value);

  const resource: Resource = {};
  const schemaList = schemas ?? [];
  if (!schemaList.includes(type.schema)) schemaList.unshift(type.schema);
  for (const [urn, obj] of extensions) {
    if (Object.keys(obj).length === 0) continue;
    if (!schemaList.includes(urn)) schemaList.push(urn);
  }
  resource.schemas = schemaList;
  for (const [k, v] of Object.entries(core)) setOwn(resource, k, v);
  for (const [urn, obj] of extensions) {
    if (Object.keys(obj).length > 0) setOwn(resource, urn, obj);
  }

  // RFC 7643 §4.1.1 / §4.2: userName and displayName are required (and must say something).
  const required = kind === "User" ? "userName" : "displayName";
  if (isBlank(getOwn(resource, required))) {
    throw badRequest("invalidValue", `${required} is required and must be a non-empty string.`);
  }
  return {
    resource,
    ...(externalId !== undefined ? { externalId } : {}),
    ...(members !== undefined ? { members } : {}),
  };
}
