import type { Directory, DirectoryGroup, DirectoryUser } from "./directory-user";

/** Every event dsync emits, named as WorkOS Directory Sync names them. */
export const EVENT_TYPES = [
  "dsync.activated",
  "dsync.deleted",
  "dsync.user.created",
  "dsync.user.updated",
  "dsync.user.deleted",
  "dsync.group.created",
  "dsync.group.updated",
  "dsync.group.deleted",
  "dsync.group.user_added",
  "dsync.group.user_removed",
  // dsync's own: an endpoint that only failed for days was turned off (WorkOS has no equivalent).
  "dsync.webhook_endpoint.disabled",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/** True when `value` is one of the event names in the catalog. */
export function isEventType(value: string): value is EventType {
  return EVENT_TYPE_SET.has(value);
}

/** An event about to be appended to the outbox; the writer gives it an id and a timestamp. */
export interface NewEvent {
  event: EventType;
  data: Record<string, unknown>;
  /** Null for installation-wide events, such as an unscoped webhook endpoint's. */
  organizationId: string | null;
  directoryId: string | null;
}

/** The envelope the Events API returns and webhooks POST (WorkOS's event object). */
export interface RenderedEvent {
  object: "event";
  id: string;
  event: string;
  data: Record<string, unknown>;
  created_at: string;
}

function userEvent(
  event: EventType,
  user: DirectoryUser,
  extra?: Record<string, unknown>,
): NewEvent {
  return {
    event,
    data: { ...user, ...extra },
    organizationId: user.organization_id,
    directoryId: user.directory_id,
  };
}

function groupEvent(
  event: EventType,
  group: DirectoryGroup,
  extra?: Record<string, unknown>,
): NewEvent {
  return {
    event,
    data: { ...group, ...extra },
    organizationId: group.organization_id,
    directoryId: group.directory_id,
  };
}

/** `dsync.user.created`: data is the directory user. */
export function userCreated(user: DirectoryUser): NewEvent {
  return userEvent("dsync.user.created", user);
}

/**
 * `dsync.user.updated`: data is the user as it is now plus `previous_attributes`, the old
 * values of what changed (see `previousAttributes`), as WorkOS sends it.
 */
export function userUpdated(user: DirectoryUser, previous: Record<string, unknown>): NewEvent {
  return userEvent("dsync.user.updated", user, { previous_attributes: previous });
}

/**
 * `dsync.user.deleted`: data is the user's last snapshot, state untouched. WorkOS documents the
 * payload as the Directory User object, and `state` only has `active`/`inactive`; rewriting it
 * would invent a change the provider never sent. The event name says the user is gone.
 */
export function userDeleted(user: DirectoryUser): NewEvent {
  return userEvent("dsync.user.deleted", user);
}

/** `dsync.group.created`: data is the directory group. */
export function groupCreated(group: DirectoryGroup): NewEvent {
  return groupEvent("dsync.group.created", group);
}

/** `dsync.group.updated`: the group plus `previous_attributes`, as for users. */
export function groupUpdated(group: DirectoryGroup, previous: Record<string, unknown>): NewEvent {
  return groupEvent("dsync.group.updated", group, { previous_attributes: previous });
}

/** `dsync.group.deleted`: data is the group's last snapshot. */
export function groupDeleted(group: DirectoryGroup): NewEvent {
  return groupEvent("dsync.group.deleted", group);
}

/** `dsync.group.user_added`: data is `{ directory_id, user, group }` (WorkOS `DsyncGroupUserAddedData`). */
export function userAddedToGroup(user: DirectoryUser, group: DirectoryGroup): NewEvent {
  return {
    event: "dsync.group.user_added",
    data: { directory_id: group.directory_id, user: { ...user }, group: { ...group } },
    organizationId: group.organization_id,
    directoryId: group.directory_id,
  };
}

/** `dsync.group.user_removed`: data is `{ directory_id, user, group }`, as for additions. */
export function userRemovedFromGroup(user: DirectoryUser, group: DirectoryGroup): NewEvent {
  return {
    event: "dsync.group.user_removed",
    data: { directory_id: group.directory_id, user: { ...user }, group: { ...group } },
    organizationId: group.organization_id,
    directoryId: group.directory_id,
  };
}

/** A domain as `dsync.activated` lists it: WorkOS sends only `{ object, id, domain }`. */
export interface EventDirectoryDomain {
  id: string;
  domain: string;
}

/**
 * The state an event payload shows. WorkOS's event samples say `"active"` where its REST API
 * says `linked` (and the SDK maps `linked`→`active`, `unlinked`→`inactive`), so events use the
 * SDK's vocabulary; dsync-only states pass through.
 */
function eventDirectoryState(state: Directory["state"]): string {
  if (state === "linked") return "active";
  if (state === "unlinked") return "inactive";
  return state;
}

/**
 * `dsync.activated`: the directory with `domain` replaced by `domains`, a list of
 * `{ object: "organization_domain", id, domain }` (WorkOS: "Payload data is based on the
 * Directory object, but the domain property is replaced with a domains array").
 */
export function directoryActivated(
  directory: Directory,
  domains: EventDirectoryDomain[] = [],
): NewEvent {
  return {
    event: "dsync.activated",
    data: {
      object: "directory",
      id: directory.id,
      organization_id: directory.organization_id,
      name: directory.name,
      type: directory.type,
      state: eventDirectoryState(directory.state),
      domains: domains.map((d) => ({ object: "organization_domain", id: d.id, domain: d.domain })),
      created_at: directory.created_at,
      updated_at: directory.updated_at,
    },
    organizationId: directory.organization_id,
    directoryId: directory.id,
  };
}

/**
 * `dsync.deleted`: the directory without `domain`, in state `"deleting"` (WorkOS's sample and
 * `DsyncDeletedData`). It is the only event for the teardown: WorkOS no longer sends
 * `dsync.user.deleted` / `dsync.group.deleted` for the directory's members, and neither do we.
 */
export function directoryDeleted(directory: Directory): NewEvent {
  return {
    event: "dsync.deleted",
    data: {
      object: "directory",
      id: directory.id,
      organization_id: directory.organization_id,
      name: directory.name,
      type: directory.type,
      state: "deleting",
      created_at: directory.created_at,
      updated_at: directory.updated_at,
    },
    organizationId: directory.organization_id,
    directoryId: directory.id,
  };
}

/**
 * `dsync.webhook_endpoint.disabled`: data is the endpoint (never its secret) plus the reason
 * and when its failures began, so an operator can find the outage.
 */
export function webhookEndpointDisabled(
  endpoint: { id: string; organization_id: string | null },
  failingSince: Date,
): NewEvent {
  return {
    event: "dsync.webhook_endpoint.disabled",
    data: {
      ...endpoint,
      reason: "failing",
      failing_since: failingSince.toISOString(),
    },
    organizationId: endpoint.organization_id,
    directoryId: null,
  };
}

/** The exact envelope the Events API and webhooks carry for a stored event row. */
export function renderEvent(row: {
  id: string;
  event: string;
  data: Record<string, unknown>;
  createdAt: Date;
}): RenderedEvent {
  return {
    object: "event",
    id: row.id,
    event: row.event,
    data: row.data,
    created_at: row.createdAt.toISOString(),
  };
}
