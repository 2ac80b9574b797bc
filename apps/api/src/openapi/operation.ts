import { z } from "zod";

/** The HTTP methods the REST API uses. */
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** One documented response: a description and, unless the body is empty, its zod schema. */
export interface OperationResponse {
  description: string;
  schema?: z.ZodType;
}

/**
 * One REST operation as the OpenAPI document describes it. `query` and `body` are the very zod
 * schemas the route validates with, so the document cannot disagree with the validation.
 */
export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/directories/{id}` (Hono's `:id` written as `{id}`). */
  path: string;
  operationId: string;
  /** The tag the reference groups the operation under. */
  tag: string;
  summary: string;
  description?: string;
  /** Path parameters; every `{name}` in `path` must be a key. */
  params?: z.ZodObject;
  query?: z.ZodType;
  /** Query parameters sent as comma-separated lists (`form`, not exploded). */
  listQueryParams?: readonly string[];
  body?: z.ZodType;
  /** Success and operation-specific error responses by status; 401 and 422 are added for all. */
  responses: Record<number, OperationResponse>;
}

/** The `{ id }` path parameter most resources take. */
export const IdParam = z.object({ id: z.string().min(1).describe("The object's id.") });
