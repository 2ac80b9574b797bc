import { ListDirectoryGroupsQuery } from "../../routes/directory-groups/list";
import { type ApiOperation, IdParam } from "../operation";
import { DirectoryGroupList, DirectoryGroupResponse, ErrorResponse } from "../responses";

/** `/directory_groups`: WorkOS's directory groups read API. */
export const directoryGroupOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/directory_groups",
    operationId: "listDirectoryGroups",
    tag: "Directory groups",
    summary: "List directory groups",
    description: "Exactly one of `directory` or `user` is required.",
    query: ListDirectoryGroupsQuery,
    responses: { 200: { description: "A page of directory groups.", schema: DirectoryGroupList } },
  },
  {
    method: "get",
    path: "/directory_groups/{id}",
    operationId: "getDirectoryGroup",
    tag: "Directory groups",
    summary: "Get a directory group",
    params: IdParam,
    responses: {
      200: { description: "The directory group.", schema: DirectoryGroupResponse },
      404: { description: "No such directory group.", schema: ErrorResponse },
    },
  },
];
