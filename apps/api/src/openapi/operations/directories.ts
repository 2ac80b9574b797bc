import { z } from "zod";
import { CreateDirectoryInput } from "../../routes/directories/create";
import { ListDirectoriesQuery } from "../../routes/directories/list";
import { type ApiOperation, IdParam } from "../operation";
import {
  CreatedDirectoryResponse,
  CreatedDirectoryTokenResponse,
  DeletedDirectoryResponse,
  DirectoryList,
  DirectoryResponse,
  DirectoryTokenList,
  ErrorResponse,
} from "../responses";

const notFound = { description: "No such directory.", schema: ErrorResponse };

/** `/directories` and their SCIM bearer tokens. */
export const directoryOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/directories",
    operationId: "createDirectory",
    tag: "Directories",
    summary: "Create a directory",
    description:
      "Creates a directory in state `unlinked`. SCIM types also get `scim.endpoint` and " +
      "`scim.bearer_token` (shown this once) for the identity provider's SCIM settings.",
    body: CreateDirectoryInput,
    responses: { 201: { description: "The new directory.", schema: CreatedDirectoryResponse } },
  },
  {
    method: "get",
    path: "/directories",
    operationId: "listDirectories",
    tag: "Directories",
    summary: "List directories",
    query: ListDirectoriesQuery,
    responses: { 200: { description: "A page of directories.", schema: DirectoryList } },
  },
  {
    method: "get",
    path: "/directories/{id}",
    operationId: "getDirectory",
    tag: "Directories",
    summary: "Get a directory",
    description: "With `metadata` user and group counts; never token material.",
    params: IdParam,
    responses: {
      200: { description: "The directory.", schema: DirectoryResponse },
      404: notFound,
    },
  },
  {
    method: "delete",
    path: "/directories/{id}",
    operationId: "deleteDirectory",
    tag: "Directories",
    summary: "Delete a directory",
    description: "Emits `dsync.deleted` and removes the directory's users, groups and tokens.",
    params: IdParam,
    responses: {
      202: { description: "The directory is being deleted.", schema: DeletedDirectoryResponse },
      404: notFound,
    },
  },
  {
    method: "post",
    path: "/directories/{id}/tokens",
    operationId: "createDirectoryToken",
    tag: "Directory tokens",
    summary: "Issue a SCIM bearer token",
    description:
      "A directory may have two live tokens, so a token can be rotated without downtime.",
    params: IdParam,
    responses: {
      201: { description: "The new token, shown once.", schema: CreatedDirectoryTokenResponse },
      404: notFound,
      409: { description: "Two tokens are already live.", schema: ErrorResponse },
    },
  },
  {
    method: "get",
    path: "/directories/{id}/tokens",
    operationId: "listDirectoryTokens",
    tag: "Directory tokens",
    summary: "List live SCIM bearer tokens",
    params: IdParam,
    responses: {
      200: { description: "The live tokens, without secrets.", schema: DirectoryTokenList },
      404: notFound,
    },
  },
  {
    method: "delete",
    path: "/directories/{id}/tokens/{tokenId}",
    operationId: "revokeDirectoryToken",
    tag: "Directory tokens",
    summary: "Revoke a SCIM bearer token",
    params: IdParam.extend({ tokenId: z.string().min(1).describe("The token's id.") }),
    responses: {
      204: { description: "Revoked; the token stops working at once." },
      404: { description: "No such directory or token.", schema: ErrorResponse },
    },
  },
];
