import { ListWebhookDeliveriesQuery } from "../../routes/webhook-deliveries/list";
import { type ApiOperation, IdParam } from "../operation";
import {
  ErrorResponse,
  WebhookDeliveryList,
  WebhookDeliveryResponse,
  WebhookDeliveryWithAttemptsResponse,
} from "../responses";

const notFound = { description: "No such webhook delivery.", schema: ErrorResponse };

/** `/webhook_deliveries`: what was sent to which endpoint, and sending it again. */
export const webhookDeliveryOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/webhook_deliveries",
    operationId: "listWebhookDeliveries",
    tag: "Webhook deliveries",
    summary: "List webhook deliveries",
    description:
      "Newest first by default. Filter by `webhook_endpoint_id`, `event_id` and `status` " +
      "(any combination); an unknown `status` is a 422.",
    query: ListWebhookDeliveriesQuery,
    responses: {
      200: { description: "A page of deliveries.", schema: WebhookDeliveryList },
    },
  },
  {
    method: "get",
    path: "/webhook_deliveries/{id}",
    operationId: "getWebhookDelivery",
    tag: "Webhook deliveries",
    summary: "Get a webhook delivery",
    params: IdParam,
    responses: {
      200: {
        description: "The delivery with `attempt_history`, oldest attempt first.",
        schema: WebhookDeliveryWithAttemptsResponse,
      },
      404: notFound,
    },
  },
  {
    method: "post",
    path: "/webhook_deliveries/{id}/replay",
    operationId: "replayWebhookDelivery",
    tag: "Webhook deliveries",
    summary: "Replay a webhook delivery",
    description:
      "Makes the delivery `pending` and due now, whatever its status; a worker sends it after " +
      "the response (hence 202). An attempt already in flight keeps its outcome. Deliveries of " +
      "a disabled endpoint wait until it is enabled again.",
    params: IdParam,
    responses: {
      202: { description: "The delivery, now pending.", schema: WebhookDeliveryResponse },
      404: notFound,
    },
  },
];
