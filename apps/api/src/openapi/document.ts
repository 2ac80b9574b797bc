import { z } from "zod";
import type { ApiOperation, OperationResponse } from "./operation";
import { API_OPERATIONS } from "./operations";
import { ErrorResponse, RESPONSE_COMPONENTS } from "./responses";

/** A JSON Schema object as `z.toJSONSchema` emits it. */
export type JsonSchema = Record<string, unknown>;

/** The OpenAPI 3.1 document, typed loosely: it is built here and only serialized. */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** One operation object of the document. */
export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: { "application/json": { schema: JsonSchema } } };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: JsonSchema }> }
  >;
}

/** One parameter object of the document. */
export interface OpenApiParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  Organizations: "The tenants of your application; each owns directories.",
  Directories: "Connections to one identity provider each.",
  "Directory tokens": "SCIM bearer tokens of a directory (at most two live, for rotation).",
  "Directory users": "Users provisioned into a directory (WorkOS `directory_user`).",
  "Directory groups": "Groups provisioned into a directory (WorkOS `directory_group`).",
  Events: "The `dsync.*` event log, also delivered by webhooks.",
  "Webhook endpoints":
    "Receivers of `dsync.*` webhooks, and the secrets that sign what they receive.",
  "Webhook deliveries":
    "One row per event and endpoint: its status, its attempts, and replays that send it again.",
  SCIM:
    "Identity providers push users and groups to `/scim/v2/{directoryId}` (Users, Groups, Bulk, " +
    "discovery), authenticated with the directory's SCIM bearer token. That protocol is RFC 7644, " +
    "not part of this document; see docs/scim.md for the provider behaviours dsync handles.",
};

const COMPONENT_PREFIX = "#/components/schemas/";

/** The JSON Schema of every response component, with nested components as `$ref`s. */
function componentSchemas(): { schemas: Record<string, JsonSchema>; ids: Map<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(RESPONSE_COMPONENTS)) {
    registry.add(schema, { id });
    ids.set(schema, id);
  }
  const generated = z.toJSONSchema(registry, { uri: (id) => `${COMPONENT_PREFIX}${id}` });
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    // `$schema` and `$id` are for standalone JSON Schema files; inside OpenAPI they only confuse.
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    schemas[id] = rest;
  }
  return { schemas, ids };
}

/** The JSON Schema of what a client sends: the input side of coercions, defaults and transforms. */
function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  return rest;
}

function parameters(operation: ApiOperation): OpenApiParameter[] {
  const result: OpenApiParameter[] = [];
  const add = (source: z.ZodType, location: "path" | "query") => {
    const schema = inputSchema(source);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      const parameter: OpenApiParameter = {
        name,
        in: location,
        // Path parameters are always required (OpenAPI 3.1 §4.8.12.1).
        required: location === "path" || required.has(name),
        schema: propertySchema,
      };
      if (typeof description === "string") parameter.description = description;
      if (operation.listQueryParams?.includes(name)) {
        parameter.style = "form";
        parameter.explode = false;
      }
      result.push(parameter);
    }
  };
  if (operation.params) add(operation.params, "path");
  if (operation.query) add(operation.query, "query");
  return result;
}

function responses(
  operation: ApiOperation,
  ids: Map<z.ZodType, string>,
): OpenApiOperation["responses"] {
  const all: Record<number, OperationResponse> = {
    ...operation.responses,
    401: { description: "Missing or unknown API key.", schema: ErrorResponse },
    429: {
      description: "Too many requests for this key; retry after the `Retry-After` seconds.",
      schema: ErrorResponse,
    },
  };
  // `managementAuth` lets a read_only key send GET only; an operation may say more (api_keys).
  if (operation.method !== "get" && !all[403]) {
    all[403] = {
      description: "The key is read-only; it may only send GET requests.",
      schema: ErrorResponse,
    };
  }
  if (operation.query || operation.body) {
    all[422] = {
      description: "The request is invalid; `errors` names each field.",
      schema: ErrorResponse,
    };
  }
  const result: OpenApiOperation["responses"] = {};
  for (const [status, response] of Object.entries(all)) {
    const entry: OpenApiOperation["responses"][string] = { description: response.description };
    if (response.schema) {
      const id = ids.get(response.schema);
      if (!id) throw new Error(`${operation.operationId}: response ${status} is not a component`);
      entry.content = { "application/json": { schema: { $ref: `${COMPONENT_PREFIX}${id}` } } };
    }
    result[status] = entry;
  }
  return result;
}

/** Builds the OpenAPI 3.1 document of the REST API from the operation registry. */
export function buildOpenApiDocument(
  options: { publicUrl?: string; operations?: readonly ApiOperation[] } = {},
): OpenApiDocument {
  const { schemas, ids } = componentSchemas();
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of options.operations ?? API_OPERATIONS) {
    const entry: OpenApiOperation = {
      operationId: operation.operationId,
      tags: [operation.tag],
      summary: operation.summary,
      responses: responses(operation, ids),
    };
    if (operation.description) entry.description = operation.description;
    const params = parameters(operation);
    if (params.length > 0) entry.parameters = params;
    if (operation.body) {
      entry.requestBody = {
        // `jsonBody` reads an empty body as `{}`, so the body is optional wherever `{}` is valid
        // (rotate_secret without `overlap_seconds`).
        required: !operation.body.safeParse({}).success,
        content: { "application/json": { schema: inputSchema(operation.body) } },
      };
    }
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = entry;
  }
  const used = new Set((options.operations ?? API_OPERATIONS).map((o) => o.tag));
  return {
    openapi: "3.1.0",
    info: {
      title: "dsync management API",
      version: "1.0.0",
      description:
        "The REST API of dsync, shaped like WorkOS Directory Sync's. Every operation takes " +
        "`Authorization: Bearer <API key>`.",
    },
    servers: [{ url: options.publicUrl ?? "/" }],
    tags: [...Object.keys(TAG_DESCRIPTIONS)]
      .filter((name) => used.has(name) || name === "SCIM")
      .concat([...used].filter((name) => !(name in TAG_DESCRIPTIONS)))
      .map((name) => ({
        name,
        ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}),
      })),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API key." },
      },
    },
  };
}
