import { CreateApiKeyInput } from "../../routes/api-keys/create";
import { ListApiKeysQuery } from "../../routes/api-keys/list";
import { type ApiOperation, IdParam } from "../operation";
import { ApiKeyList, CreatedApiKeyResponse, ErrorResponse } from "../responses";

const fullScopeOnly = {
  403: {
    description: "The key is read-only; managing keys needs a full key.",
    schema: ErrorResponse,
  },
};

/** `/api_keys`: hashed, scoped keys for the REST API (the bootstrap `DSYNC_API_KEY` is full). */
export const apiKeyOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/api_keys",
    operationId: "createApiKey",
    tag: "API keys",
    summary: "Create an API key",
    description: "The secret `key` is in this response only; dsync stores its hash.",
    body: CreateApiKeyInput,
    responses: {
      201: { description: "The new key, with its secret.", schema: CreatedApiKeyResponse },
      ...fullScopeOnly,
    },
  },
  {
    method: "get",
    path: "/api_keys",
    operationId: "listApiKeys",
    tag: "API keys",
    summary: "List live API keys",
    query: ListApiKeysQuery,
    responses: {
      200: { description: "A page of keys, without secrets.", schema: ApiKeyList },
      ...fullScopeOnly,
    },
  },
  {
    method: "delete",
    path: "/api_keys/{id}",
    operationId: "revokeApiKey",
    tag: "API keys",
    summary: "Revoke an API key",
    params: IdParam,
    responses: {
      204: { description: "Revoked; the key is refused from now on." },
      404: { description: "No such live key.", schema: ErrorResponse },
      ...fullScopeOnly,
    },
  },
];
