import type { ApiOperation } from "../operation";
import { apiKeyOperations } from "./api-keys";
import { directoryOperations } from "./directories";
import { directoryGroupOperations } from "./directory-groups";
import { directoryUserOperations } from "./directory-users";
import { eventOperations } from "./events";
import { organizationOperations } from "./organizations";
import { webhookDeliveryOperations } from "./webhook-deliveries";
import { webhookEndpointOperations } from "./webhook-endpoints";

/**
 * Every documented REST operation. A new resource adds `operations/<resource>.ts` and lists it
 * here; `openapi.test.ts` fails while a mounted Hono route is missing from this list.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...organizationOperations,
  ...directoryOperations,
  ...directoryUserOperations,
  ...directoryGroupOperations,
  ...eventOperations,
  ...apiKeyOperations,
  ...webhookEndpointOperations,
  ...webhookDeliveryOperations,
];
