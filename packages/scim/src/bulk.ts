/**
 * Bulk requests (RFC 7644 §3.7): validation of the request, `bulkId:` reference substitution
 * and the BulkResponse. Running the operations is the caller's job.
 */
import { badRequest, ScimError } from "./errors";
import {
  assertStorableJson,
  describe,
  findKey,
  isObject,
  type JsonObject,
  setOwn,
} from "./resource/values";

export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

export type BulkMethod = "POST" | "PUT" | "PATCH" | "DELETE";

/** One validated operation; `path` is `/Users`, `/Groups`, `/Users/{id}` or `/Groups/{id}`. */
export interface BulkOperation {
  method: BulkMethod;
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

/** A validated bulk request. */
export interface BulkRequest {
  failOnErrors?: number;
  operations: BulkOperation[];
}

/** One entry of a BulkResponse (RFC 7644 §3.7.3). */
export interface BulkOperationResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
}

const METHODS = new Set<BulkMethod>(["POST", "PUT", "PATCH", "DELETE"]);
const PATH = /^\/(users|groups)(?:\/([^/?#]+))?\/?$/i;

function field(obj: JsonObject, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** Validates a BulkRequest body; too many operations is a 413 (RFC 7644 §3.7.4). */
export function parseBulkRequest(body: unknown, limits: { maxOperations: number }): BulkRequest {
  if (!isObject(body)) {
    throw badRequest(
      "invalidSyntax",
      `A bulk request must be a JSON object, got ${describe(body)}.`,
    );
  }
  const schemas = field(body, "schemas");
  if (
    !Array.isArray(schemas) ||
    !schemas.some(
      (s) => typeof s === "string" && s.toLowerCase() === BULK_REQUEST_SCHEMA.toLowerCase(),
    )
  ) {
    throw badRequest(
      "invalidSyntax",
      `A bulk request must list the schema ${BULK_REQUEST_SCHEMA}.`,
    );
  }
  const list = field(body, "Operations");
  if (!Array.isArray(list) || list.length === 0) {
    throw badRequest("invalidSyntax", "A bulk request needs a non-empty Operations array.");
  }
  if (list.length > limits.maxOperations) {
    // RFC 7644 §3.7.4: exceeding maxOperations is 413 Payload Too Large.
    throw new ScimError(
      413,
      `The bulk request has ${list.length} operations; the maximum is ${limits.maxOperations}.`,
    );
  }
  const failOnErrorsRaw = field(body, "failOnErrors");
  let failOnErrors: number | undefined;
  if (failOnErrorsRaw !== undefined && failOnErrorsRaw !== null) {
    if (
      typeof failOnErrorsRaw !== "number" ||
      !Number.isInteger(failOnErrorsRaw) ||
      failOnErrorsRaw < 1
    ) {
      throw badRequest(
        "invalidValue",
        `failOnErrors must be a positive integer, got ${describe(failOnErrorsRaw)}.`,
      );
    }
    failOnErrors = failOnErrorsRaw;
  }
  const seen = new Set<string>();
  const operations = list.map((raw, index) => {
    const op = parseOperation(raw, index);
    if (op.bulkId !== undefined) {
      if (seen.has(op.bulkId)) {
        throw badRequest("invalidValue", `bulkId "${op.bulkId}" is used twice; it must be unique.`);
      }
      seen.add(op.bulkId);
    }
    return op;
  });
  return failOnErrors === undefined ? { operations } : { failOnErrors, operations };
}

function parseOperation(raw: unknown, index: number): BulkOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) {
    throw badRequest("invalidSyntax", `${where} must be an object, got ${describe(raw)}.`);
  }
  const methodRaw = field(raw, "method");
  const method = typeof methodRaw === "string" ? methodRaw.trim().toUpperCase() : "";
  if (!METHODS.has(method as BulkMethod)) {
    throw badRequest(
      "invalidSyntax",
      `${where}.method must be POST, PUT, PATCH or DELETE, got ${describe(methodRaw)}.`,
    );
  }
  const pathRaw = field(raw, "path");
  const match = typeof pathRaw === "string" ? PATH.exec(pathRaw.trim()) : null;
  if (!match) {
    throw badRequest(
      "invalidPath",
      `${where}.path must be /Users, /Groups, /Users/{id} or /Groups/{id}, got ${describe(pathRaw)}.`,
    );
  }
  const collection = match[1]!.toLowerCase() === "users" ? "/Users" : "/Groups";
  const id = match[2];
  if (method === "POST" && id !== undefined) {
    throw badRequest(
      "invalidPath",
      `${where}: POST takes a collection path such as ${collection}.`,
    );
  }
  if (method !== "POST" && id === undefined) {
    throw badRequest(
      "invalidPath",
      `${where}: ${method} needs a resource path such as ${collection}/{id}.`,
    );
  }
  const op: BulkOperation = {
    method: method as BulkMethod,
    path: id === undefined ? collection : `${collection}/${id}`,
  };
  const bulkId = field(raw, "bulkId");
  if (bulkId !== undefined && bulkId !== null) {
    if (typeof bulkId !== "string" || bulkId === "") {
      throw badRequest("invalidValue", `${where}.bulkId must be a non-empty string.`);
    }
    op.bulkId = bulkId;
  }
  // RFC 7644 §3.7: bulkId is REQUIRED for POST, so the created resource can be referenced.
  if (method === "POST" && op.bulkId === undefined) {
    throw badRequest("invalidValue", `${where}: POST needs a bulkId.`);
  }
  const version = field(raw, "version");
  if (typeof version === "string" && version !== "") op.version = version;
  const data = field(raw, "data");
  if (method !== "DELETE") {
    if (!isObject(data)) {
      throw badRequest("invalidSyntax", `${where}: ${method} needs a data object.`);
    }
    // Checked here because resolveBulkReferences walks the data recursively.
    assertStorableJson(data, `${where}.data`);
    op.data = data;
  }
  return op;
}

const REFERENCE = /bulkId:([^\s/"?#]+)/gi;

/**
 * Replaces `bulkId:<id>` references in data or a path with the ids created earlier in the
 * request (RFC 7644 §3.7.2). A reference to a bulkId that has no created resource (unknown,
 * failed or later in the request) fails that operation with 409 invalidValue: RFC 7644 §3.7.1
 * answers unresolvable (circular) references with 409 Conflict.
 */
export function resolveBulkReferences(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") {
    if (!/bulkId:/i.test(value)) return value;
    return value.replace(REFERENCE, (_, bulkId: string) => {
      const id = ids.get(bulkId);
      if (id === undefined) {
        throw new ScimError(
          409,
          `bulkId "${bulkId}" does not refer to a resource created in this request.`,
          "invalidValue",
        );
      }
      return id;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveBulkReferences(v, ids));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, resolveBulkReferences(v, ids));
    return out;
  }
  return value;
}

/** The BulkResponse body (RFC 7644 §3.7.3), answered with 200 whatever the operations' outcomes. */
export function bulkResponse<T extends BulkOperationResult>(
  results: T[],
): { schemas: [typeof BULK_RESPONSE_SCHEMA]; Operations: T[] } {
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations: results };
}
