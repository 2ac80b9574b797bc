import { CreateOrganizationInput } from "../../routes/organizations/create";
import { ListOrganizationsQuery } from "../../routes/organizations/list";
import { type ApiOperation, IdParam } from "../operation";
import { ErrorResponse, OrganizationList, OrganizationResponse } from "../responses";

/** `/organizations`: the tenants of your application. */
export const organizationOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/organizations",
    operationId: "createOrganization",
    tag: "Organizations",
    summary: "Create an organization",
    body: CreateOrganizationInput,
    responses: {
      201: { description: "The new organization.", schema: OrganizationResponse },
      409: {
        description: "An organization with this `external_id` exists.",
        schema: ErrorResponse,
      },
    },
  },
  {
    method: "get",
    path: "/organizations",
    operationId: "listOrganizations",
    tag: "Organizations",
    summary: "List organizations",
    description: "Newest first by default; `before` and `after` are ids from `list_metadata`.",
    query: ListOrganizationsQuery,
    responses: { 200: { description: "A page of organizations.", schema: OrganizationList } },
  },
  {
    method: "get",
    path: "/organizations/{id}",
    operationId: "getOrganization",
    tag: "Organizations",
    summary: "Get an organization",
    params: IdParam,
    responses: {
      200: { description: "The organization.", schema: OrganizationResponse },
      404: { description: "No such organization.", schema: ErrorResponse },
    },
  },
];
