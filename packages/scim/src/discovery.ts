/**
 * Discovery documents (RFC 7644 §4; RFC 7643 §5–7): `/ServiceProviderConfig`, `/Schemas` and
 * `/ResourceTypes`, rendered from definitions.ts so they describe exactly what is served.
 */
import { ScimError } from "./errors";
import { type ListResponse, listResponse } from "./list";
import {
  type AttributeDef,
  RESOURCE_TYPES,
  type ResourceKind,
  SCHEMAS,
  type SchemaDef,
} from "./schemas/definitions";

export const SERVICE_PROVIDER_CONFIG_SCHEMA =
  "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

/** `/ServiceProviderConfig` (RFC 7643 §5): what this server supports, with its limits. */
export function serviceProviderConfig(options: {
  baseUrl: string;
  maxOperations: number;
  maxPayloadSize: number;
  maxResults: number;
}): Record<string, unknown> {
  const base = trimBase(options.baseUrl);
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: {
      supported: true,
      maxOperations: options.maxOperations,
      maxPayloadSize: options.maxPayloadSize,
    },
    filter: { supported: true, maxResults: options.maxResults },
    // Passwords are accepted and discarded, never stored: there is nothing to change.
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "The directory's SCIM token, sent as `Authorization: Bearer <token>`.",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      },
    ],
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${base}/ServiceProviderConfig`,
    },
  };
}

function renderAttribute(def: AttributeDef): Record<string, unknown> {
  return {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
    ...(def.canonicalValues && def.canonicalValues.length > 0
      ? { canonicalValues: def.canonicalValues }
      : {}),
    ...(def.referenceTypes ? { referenceTypes: def.referenceTypes } : {}),
    ...(def.subAttributes ? { subAttributes: def.subAttributes.map(renderAttribute) } : {}),
  };
}

function renderSchema(base: string, schema: SchemaDef): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(renderAttribute),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${schema.id}` },
  };
}

/** `/Schemas` (RFC 7643 §7): User, EnterpriseUser and Group as a ListResponse. */
export function schemasDocument(baseUrl: string): ListResponse<Record<string, unknown>> {
  const base = trimBase(baseUrl);
  const resources = Object.values(SCHEMAS).map((s) => renderSchema(base, s));
  return listResponse(resources, resources.length, 1);
}

/** `/Schemas/{id}`: one schema by URN (case-insensitive); 404 ScimError for any other. */
export function schemaDocument(baseUrl: string, id: string): Record<string, unknown> {
  const schema = Object.values(SCHEMAS).find((s) => s.id.toLowerCase() === id.toLowerCase());
  if (!schema) throw new ScimError(404, `Schema ${id} not found.`);
  return renderSchema(trimBase(baseUrl), schema);
}

function renderResourceType(base: string, kind: ResourceKind): Record<string, unknown> {
  const type = RESOURCE_TYPES[kind];
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: kind,
    name: kind,
    endpoint: type.endpoint,
    description: SCHEMAS[type.schema]?.description ?? kind,
    schema: type.schema,
    ...(type.extensions.length > 0
      ? { schemaExtensions: type.extensions.map((schema) => ({ schema, required: false })) }
      : {}),
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${kind}` },
  };
}

/** `/ResourceTypes` (RFC 7643 §6): User and Group as a ListResponse. */
export function resourceTypesDocument(baseUrl: string): ListResponse<Record<string, unknown>> {
  const base = trimBase(baseUrl);
  const resources = (Object.keys(RESOURCE_TYPES) as ResourceKind[]).map((k) =>
    renderResourceType(base, k),
  );
  return listResponse(resources, resources.length, 1);
}

/** `/ResourceTypes/{name}`: `User` or `Group` (case-insensitive); 404 ScimError for any other. */
export function resourceTypeDocument(baseUrl: string, name: string): Record<string, unknown> {
  const kind = (Object.keys(RESOURCE_TYPES) as ResourceKind[]).find(
    (k) => k.toLowerCase() === name.toLowerCase(),
  );
  if (!kind) throw new ScimError(404, `Resource type ${name} not found.`);
  return renderResourceType(trimBase(baseUrl), kind);
}
