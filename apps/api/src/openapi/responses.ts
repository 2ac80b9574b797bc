import { DIRECTORY_STATES, DIRECTORY_TYPES, EVENT_TYPES } from "@dsync/core";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_ENDPOINT_STATUSES } from "@dsync/services";
import { z } from "zod";

// The response objects of the REST API, described in zod because `@dsync/core` has TypeScript
// types only. They are strict objects so that a field a service adds without documenting it
// fails `openapi.test.ts` (which parses real responses with them) instead of silently drifting.

const timestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");

/** A domain of an organization (WorkOS `OrganizationDomainResponse`). */
export const OrganizationDomainResponse = z.strictObject({
  object: z.literal("organization_domain"),
  id: z.string(),
  domain: z.string(),
  organization_id: z.string(),
  state: z.enum(["verified", "pending", "failed"]),
  verification_strategy: z.enum(["dns", "manual"]),
  verification_token: z.string().optional(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** An organization (WorkOS `OrganizationResponse`). */
export const OrganizationResponse = z.strictObject({
  object: z.literal("organization"),
  id: z.string().describe("`org_…`"),
  name: z.string(),
  domains: z.array(OrganizationDomainResponse),
  external_id: z.string().nullable(),
  allow_profiles_outside_organization: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

const directoryFields = {
  object: z.literal("directory"),
  id: z.string().describe("`directory_…`"),
  organization_id: z.string(),
  name: z.string(),
  type: z.enum(DIRECTORY_TYPES),
  state: z.enum(DIRECTORY_STATES),
  domain: z.string().nullable().describe("The organization's primary domain."),
  created_at: timestamp,
  updated_at: timestamp,
};

/** A directory as `GET /directories` and `GET /directories/{id}` render it (with counts). */
export const DirectoryResponse = z.strictObject({
  ...directoryFields,
  metadata: z.strictObject({
    users: z.strictObject({ active: z.number().int(), inactive: z.number().int() }),
    groups: z.number().int(),
  }),
});

/** A new directory; SCIM types carry their endpoint and first bearer token, shown this once. */
export const CreatedDirectoryResponse = z.strictObject({
  ...directoryFields,
  scim: z
    .strictObject({ endpoint: z.url(), bearer_token: z.string() })
    .optional()
    .describe("Present for SCIM directory types; paste both into the identity provider."),
});

/** The 202 answer of `DELETE /directories/{id}`. */
export const DeletedDirectoryResponse = z.strictObject({
  object: z.literal("directory"),
  id: z.string(),
  state: z.literal("deleting"),
});

const directoryTokenFields = {
  object: z.literal("directory_token"),
  id: z.string(),
  prefix: z.string().describe("The first characters of the token, to tell tokens apart."),
  last_used_at: timestamp.nullable(),
  created_at: timestamp,
};

/** A live SCIM bearer token of a directory, without its secret. */
export const DirectoryTokenResponse = z.strictObject(directoryTokenFields);

/** A new SCIM bearer token, its secret shown only in this response. */
export const CreatedDirectoryTokenResponse = z.strictObject({
  ...directoryTokenFields,
  bearer_token: z.string(),
});

const apiKeyFields = {
  object: z.literal("api_key"),
  id: z.string().describe("`key_…`"),
  name: z.string(),
  scope: z.enum(["read_only", "full"]).describe("`read_only` keys may only read (GET)."),
  prefix: z.string().describe("The first characters of the key, to tell keys apart."),
  created_at: timestamp,
};

/** A live API key, without its secret. */
export const ApiKeyResponse = z.strictObject({
  ...apiKeyFields,
  last_used_at: timestamp.nullable(),
});

/** A new API key, its secret `key` shown only in this response. */
export const CreatedApiKeyResponse = z.strictObject({ ...apiKeyFields, key: z.string() });

const webhookEndpointFields = {
  object: z.literal("webhook_endpoint"),
  id: z.string().describe("`we_…`"),
  organization_id: z
    .string()
    .nullable()
    .describe("The organization whose events it receives; null for every organization."),
  endpoint_url: z.url(),
  events: z.array(z.enum(EVENT_TYPES)).describe("The event types delivered to it."),
  status: z.enum(WEBHOOK_ENDPOINT_STATUSES).describe("Only `enabled` endpoints get deliveries."),
  created_at: timestamp,
  updated_at: timestamp,
};

/** A webhook endpoint, without its signing secret. */
export const WebhookEndpointResponse = z.strictObject(webhookEndpointFields);

/** A webhook endpoint with its new signing `secret`: only create and rotate_secret return it. */
export const WebhookEndpointWithSecretResponse = z.strictObject({
  ...webhookEndpointFields,
  secret: z.string().describe("The `whsec_…` signing secret, shown only in this response."),
});

const webhookDeliveryFields = {
  object: z.literal("webhook_delivery"),
  id: z.string().describe("`webhook_delivery_…`"),
  webhook_endpoint_id: z.string(),
  event_id: z.string(),
  event: z.enum(EVENT_TYPES),
  status: z
    .enum(WEBHOOK_DELIVERY_STATUSES)
    .describe(
      "`pending` (an attempt is owed), `delivered` (a 2xx was received) or `failed` (retries ran out).",
    ),
  attempts: z.number().int().describe("Attempts made so far."),
  next_attempt_at: timestamp
    .nullable()
    .describe("When the next attempt is due; null when none is."),
  last_attempt_at: timestamp.nullable(),
  last_status_code: z.number().int().nullable().describe("The receiver's last HTTP status."),
  last_error: z.string().nullable().describe("Why the last attempt failed, if it did."),
  delivered_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
};

/** One delivery of one event to one endpoint, as lists and replay return it. */
export const WebhookDeliveryResponse = z.strictObject(webhookDeliveryFields);

/** One attempt of a delivery. */
export const WebhookAttemptResponse = z.strictObject({
  object: z.literal("webhook_attempt"),
  attempt: z.number().int().describe("1 for the first attempt."),
  started_at: timestamp,
  status_code: z.number().int().nullable().describe("Null when no HTTP response arrived."),
  latency_ms: z.number().int(),
  failure: z.string().nullable().describe("The kind of failure (e.g. a timeout), if it failed."),
  error: z.string().nullable(),
  response_excerpt: z.string().nullable().describe("The start of a failed response's body."),
});

/** A delivery with every attempt so far, oldest first: what `GET /webhook_deliveries/{id}` returns. */
export const WebhookDeliveryWithAttemptsResponse = z.strictObject({
  ...webhookDeliveryFields,
  attempt_history: z.array(WebhookAttemptResponse),
});

/** The 202 answer of a range replay: how many deliveries are now due. */
export const WebhookReplayResponse = z.strictObject({
  object: z.literal("webhook_replay"),
  webhook_endpoint_id: z.string(),
  range_start: timestamp,
  range_end: timestamp,
  deliveries: z.number().int().describe("Deliveries made due, new ones included."),
});

/** A directory group (WorkOS `DirectoryGroupResponse`). */
export const DirectoryGroupResponse = z.strictObject({
  object: z.literal("directory_group"),
  id: z.string().describe("`directory_group_…`"),
  idp_id: z.string(),
  directory_id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  raw_attributes: z.record(z.string(), z.unknown()),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A directory user with its groups (WorkOS `DirectoryUserResponse`). */
export const DirectoryUserResponse = z.strictObject({
  object: z.literal("directory_user"),
  id: z.string().describe("`directory_user_…`"),
  idp_id: z.string(),
  directory_id: z.string(),
  organization_id: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable(),
  emails: z.array(
    z.strictObject({ primary: z.boolean(), type: z.string().optional(), value: z.string() }),
  ),
  username: z.string().nullable(),
  job_title: z.string().nullable(),
  state: z.enum(["active", "inactive"]),
  custom_attributes: z.record(z.string(), z.unknown()),
  raw_attributes: z.record(z.string(), z.unknown()),
  role: z.strictObject({ slug: z.string() }).optional(),
  groups: z.array(DirectoryGroupResponse),
  created_at: timestamp,
  updated_at: timestamp,
});

/** The envelope the Events API returns and webhooks POST (WorkOS's event object). */
export const EventResponse = z.strictObject({
  object: z.literal("event"),
  id: z.string().describe("`event_…`"),
  event: z.enum(EVENT_TYPES),
  data: z
    .record(z.string(), z.unknown())
    .describe(
      "The directory user (`dsync.user.*`), directory group (`dsync.group.*`), " +
        "`{ directory_id, user, group }` (`dsync.group.user_*`) or directory (`dsync.activated`, `dsync.deleted`).",
    ),
  created_at: timestamp,
});

/** WorkOS's cursor metadata: ids to pass as `before` / `after`, null at either end. */
export const ListMetadata = z.strictObject({
  before: z.string().nullable(),
  after: z.string().nullable(),
});

/** A WorkOS list envelope of `item`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.strictObject({
    object: z.literal("list"),
    data: z.array(item),
    list_metadata: ListMetadata,
  });
}

export const OrganizationList = listOf(OrganizationResponse);
export const DirectoryList = listOf(DirectoryResponse);
export const DirectoryTokenList = listOf(DirectoryTokenResponse);
export const DirectoryUserList = listOf(DirectoryUserResponse);
export const DirectoryGroupList = listOf(DirectoryGroupResponse);
export const ApiKeyList = listOf(ApiKeyResponse);
export const WebhookEndpointList = listOf(WebhookEndpointResponse);
export const WebhookDeliveryList = listOf(WebhookDeliveryResponse);

/** The Events API list: only an `after` cursor, since events are read oldest first. */
export const EventList = z.strictObject({
  object: z.literal("list"),
  data: z.array(EventResponse),
  list_metadata: z.strictObject({ after: z.string().nullable() }),
});

/** The REST error body (see `errors.ts`): a code, a safe message, field errors for 422. */
export const ErrorResponse = z.strictObject({
  message: z.string(),
  code: z.string().describe("SCREAMING_SNAKE error code, e.g. `NOT_FOUND`, `VALIDATION`."),
  errors: z
    .array(z.strictObject({ field: z.string(), code: z.string(), message: z.string().optional() }))
    .optional(),
  request_id: z.string(),
});

/**
 * Component name → schema. Every schema an operation references must be listed here, so the
 * document names it under `#/components/schemas` instead of inlining it.
 */
export const RESPONSE_COMPONENTS = {
  OrganizationDomain: OrganizationDomainResponse,
  Organization: OrganizationResponse,
  Directory: DirectoryResponse,
  CreatedDirectory: CreatedDirectoryResponse,
  DeletedDirectory: DeletedDirectoryResponse,
  DirectoryToken: DirectoryTokenResponse,
  CreatedDirectoryToken: CreatedDirectoryTokenResponse,
  DirectoryUser: DirectoryUserResponse,
  DirectoryGroup: DirectoryGroupResponse,
  Event: EventResponse,
  ApiKey: ApiKeyResponse,
  CreatedApiKey: CreatedApiKeyResponse,
  WebhookEndpoint: WebhookEndpointResponse,
  WebhookEndpointWithSecret: WebhookEndpointWithSecretResponse,
  WebhookDelivery: WebhookDeliveryResponse,
  WebhookAttempt: WebhookAttemptResponse,
  WebhookDeliveryWithAttempts: WebhookDeliveryWithAttemptsResponse,
  WebhookReplay: WebhookReplayResponse,
  ListMetadata,
  OrganizationList,
  DirectoryList,
  DirectoryTokenList,
  DirectoryUserList,
  DirectoryGroupList,
  EventList,
  ApiKeyList,
  WebhookEndpointList,
  WebhookDeliveryList,
  Error: ErrorResponse,
} satisfies Record<string, z.ZodType>;
