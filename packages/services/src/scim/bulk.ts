import {
  type BulkOperation,
  type BulkOperationResult,
  parseBulkRequest,
  resolveBulkReferences,
  ScimError,
  scimErrorBody,
} from "@dsync/scim";
import type { ScimContext, ScimResult } from "./context";
import { createScimGroup } from "./groups/create";
import { deleteScimGroup } from "./groups/delete";
import { patchScimGroup } from "./groups/patch";
import { replaceScimGroup } from "./groups/replace";
import { createScimUser } from "./users/create";
import { deleteScimUser } from "./users/delete";
import { patchScimUser } from "./users/patch";
import { replaceScimUser } from "./users/replace";

const PATH = /^\/(Users|Groups)(?:\/([^/]+))?$/;

async function runOperation(
  ctx: ScimContext,
  op: BulkOperation,
): Promise<{ status: number; result?: ScimResult; version?: string }> {
  const match = PATH.exec(op.path);
  if (!match) throw new ScimError(400, `Unsupported bulk path ${op.path}.`, "invalidPath");
  const [, kind, id] = match;
  const ifMatch = op.version;
  if (op.method === "POST") {
    if (id) throw new ScimError(400, "POST takes a collection path such as /Users.", "invalidPath");
    const result =
      kind === "Users" ? await createScimUser(ctx, op.data) : await createScimGroup(ctx, op.data);
    return { status: 201, result };
  }
  if (!id)
    throw new ScimError(
      400,
      `${op.method} needs a resource path such as /Users/{id}.`,
      "invalidPath",
    );
  if (op.method === "PUT") {
    const result =
      kind === "Users"
        ? await replaceScimUser(ctx, id, op.data, ifMatch)
        : await replaceScimGroup(ctx, id, op.data, ifMatch);
    return { status: 200, result };
  }
  if (op.method === "PATCH") {
    if (kind === "Users")
      return { status: 200, result: await patchScimUser(ctx, id, op.data, ifMatch) };
    return { status: 204, ...(await patchScimGroup(ctx, id, op.data, ifMatch)) };
  }
  if (kind === "Users") await deleteScimUser(ctx, id, ifMatch);
  else await deleteScimGroup(ctx, id, ifMatch);
  return { status: 204 };
}

/**
 * SCIM `POST /Bulk` (RFC 7644 §3.7): runs operations in order, each in its own transaction
 * (the RFC does not make a bulk request atomic), substituting `bulkId:` references with the
 * ids created earlier in the request, and stops once `failOnErrors` operations have failed.
 * Unexpected failures are reported as a 500 for that operation and passed to `onInternalError`.
 */
export async function processScimBulk(
  ctx: ScimContext,
  body: unknown,
  limits: { maxOperations: number },
  onInternalError: (error: unknown) => void,
): Promise<BulkOperationResult[]> {
  const request = parseBulkRequest(body, limits);
  const createdIds = new Map<string, string>();
  const results: BulkOperationResult[] = [];
  let errors = 0;
  for (const op of request.operations) {
    const base = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}) };
    try {
      const resolved: BulkOperation = {
        ...op,
        path: resolveBulkReferences(op.path, createdIds) as string,
        ...(op.data === undefined ? {} : { data: resolveBulkReferences(op.data, createdIds) }),
      };
      const outcome = await runOperation(ctx, resolved);
      const resource = outcome.result?.resource;
      const id = typeof resource?.id === "string" ? resource.id : undefined;
      if (op.bulkId && id) createdIds.set(op.bulkId, id);
      const location = (resource?.meta as { location?: string } | undefined)?.location;
      const version = outcome.result?.version ?? outcome.version;
      results.push({
        ...base,
        ...(location ? { location } : {}),
        ...(version ? { version: `W/"${version}"` } : {}),
        status: String(outcome.status),
      });
    } catch (error) {
      errors++;
      if (error instanceof ScimError) {
        results.push({
          ...base,
          status: String(error.status),
          response: scimErrorBody(error.status, error.message, error.scimType),
        });
      } else {
        onInternalError(error);
        results.push({
          ...base,
          status: "500",
          response: scimErrorBody(500, "Internal server error."),
        });
      }
      if (request.failOnErrors !== undefined && errors >= request.failOnErrors) break;
    }
  }
  return results;
}
