import { ListDirectoryUsersQuery } from "../../routes/directory-users/list";
import { type ApiOperation, IdParam } from "../operation";
import { DirectoryUserList, DirectoryUserResponse, ErrorResponse } from "../responses";

/** `/directory_users`: WorkOS's directory users read API. */
export const directoryUserOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/directory_users",
    operationId: "listDirectoryUsers",
    tag: "Directory users",
    summary: "List directory users",
    description:
      "Exactly one of `directory` or `group` is required. Each user carries its `groups`.",
    query: ListDirectoryUsersQuery,
    responses: { 200: { description: "A page of directory users.", schema: DirectoryUserList } },
  },
  {
    method: "get",
    path: "/directory_users/{id}",
    operationId: "getDirectoryUser",
    tag: "Directory users",
    summary: "Get a directory user",
    params: IdParam,
    responses: {
      200: { description: "The directory user with its groups.", schema: DirectoryUserResponse },
      404: { description: "No such directory user.", schema: ErrorResponse },
    },
  },
];
