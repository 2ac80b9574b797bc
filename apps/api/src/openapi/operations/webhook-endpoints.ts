import { ListOrganizationsQuery } from "../../routes/organizations/list";
import { CreateWebhookEndpointInput } from "../../routes/webhook-endpoints/create";
import { ReplayWebhookEndpointInput } from "../../routes/webhook-endpoints/replay";
import { RotateWebhookEndpointSecretInput } from "../../routes/webhook-endpoints/rotate-secret";
import { UpdateWebhookEndpointInput } from "../../routes/webhook-endpoints/update";
import { type ApiOperation, IdParam } from "../operation";
import {
  ErrorResponse,
  WebhookEndpointList,
  WebhookEndpointResponse,
  WebhookEndpointWithSecretResponse,
  WebhookReplayResponse,
} from "../responses";

const notFound = { description: "No such webhook endpoint.", schema: ErrorResponse };

/** `/webhook_endpoints`: where webhooks are delivered, and the secrets they are signed with. */
export const webhookEndpointOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/webhook_endpoints",
    operationId: "createWebhookEndpoint",
    tag: "Webhook endpoints",
    summary: "Create a webhook endpoint",
    description:
      "Creates an `enabled` endpoint. The signing `secret` is in this response only. Without " +
      "`organization_id` the endpoint receives events of every organization; an unknown " +
      "`organization_id` is a 422.",
    body: CreateWebhookEndpointInput,
    responses: {
      201: {
        description: "The new endpoint, with its secret.",
        schema: WebhookEndpointWithSecretResponse,
      },
    },
  },
  {
    method: "get",
    path: "/webhook_endpoints",
    operationId: "listWebhookEndpoints",
    tag: "Webhook endpoints",
    summary: "List webhook endpoints",
    query: ListOrganizationsQuery,
    responses: {
      200: { description: "A page of endpoints, without secrets.", schema: WebhookEndpointList },
    },
  },
  {
    method: "get",
    path: "/webhook_endpoints/{id}",
    operationId: "getWebhookEndpoint",
    tag: "Webhook endpoints",
    summary: "Get a webhook endpoint",
    params: IdParam,
    responses: {
      200: { description: "The endpoint, without its secret.", schema: WebhookEndpointResponse },
      404: notFound,
    },
  },
  {
    method: "patch",
    path: "/webhook_endpoints/{id}",
    operationId: "updateWebhookEndpoint",
    tag: "Webhook endpoints",
    summary: "Update a webhook endpoint",
    description: "Changes `endpoint_url`, `events` or `status`; omitted fields are kept.",
    params: IdParam,
    body: UpdateWebhookEndpointInput,
    responses: {
      200: {
        description: "The updated endpoint, without its secret.",
        schema: WebhookEndpointResponse,
      },
      404: notFound,
    },
  },
  {
    method: "delete",
    path: "/webhook_endpoints/{id}",
    operationId: "deleteWebhookEndpoint",
    tag: "Webhook endpoints",
    summary: "Delete a webhook endpoint",
    params: IdParam,
    responses: {
      204: { description: "Deleted, with its secrets." },
      404: notFound,
    },
  },
  {
    method: "post",
    path: "/webhook_endpoints/{id}/rotate_secret",
    operationId: "rotateWebhookEndpointSecret",
    tag: "Webhook endpoints",
    summary: "Rotate a webhook endpoint's signing secret",
    description:
      "Issues a new `secret`, shown in this response only. The old secret keeps signing " +
      "deliveries alongside the new one for `overlap_seconds` (default 86400, at most a week; " +
      "0 retires it at once), so receivers can switch without dropping deliveries. Only one " +
      "previous secret is kept: rotating again inside the overlap retires the oldest.",
    params: IdParam,
    body: RotateWebhookEndpointSecretInput,
    responses: {
      200: {
        description: "The endpoint with its new secret.",
        schema: WebhookEndpointWithSecretResponse,
      },
      404: notFound,
    },
  },
  {
    method: "post",
    path: "/webhook_endpoints/{id}/replay",
    operationId: "replayWebhookEndpointEvents",
    tag: "Webhook endpoints",
    summary: "Replay a time range of events to a webhook endpoint",
    description:
      "Sends again every stored event created in `[range_start, range_end)` that the " +
      "endpoint subscribes to (and, for a scoped endpoint, of its organization), including " +
      "events from before the endpoint existed or while it was disabled. Existing deliveries " +
      "become pending and due, whatever their status; missing ones are created. Workers send " +
      "them after the response. A range reaching past event retention is fine: pruned events " +
      "are skipped. `range_end` must be after `range_start` (422 otherwise).",
    params: IdParam,
    body: ReplayWebhookEndpointInput,
    responses: {
      202: { description: "How many deliveries are now due.", schema: WebhookReplayResponse },
      404: notFound,
      409: {
        description: "The endpoint is disabled; enable it before replaying.",
        schema: ErrorResponse,
      },
    },
  },
];
