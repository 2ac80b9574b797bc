import { jsonEqual, normalizeScimUser, previousAttributes, userUpdated } from "@dsync/core";
import {
  type Db,
  type DirectoryUserChanges,
  type DirectoryUserRow,
  updateDirectoryUser,
} from "@dsync/db";
import { toDirectoryUser } from "../../directory-objects";
import { recordEvents } from "../../events/record-events";
import { rethrowConstraintViolation } from "../context";

/** A user resource as normalized from a request: the resource body plus its externalId. */
export interface UserState {
  resource: Record<string, unknown>;
  externalId?: string;
}

/** The columns a user state maps to; `id` backs idp_id when the provider sends no externalId. */
export function userColumns(id: string, state: UserState): DirectoryUserChanges {
  const fields = normalizeScimUser(state.resource, state.externalId);
  return {
    idpId: state.externalId ?? id,
    externalId: state.externalId ?? null,
    username: fields.username,
    email: fields.email,
    firstName: fields.firstName,
    lastName: fields.lastName,
    state: fields.state,
    customAttributes: fields.customAttributes,
    rawAttributes: state.resource,
  };
}

/** The state a stored user was written from, the starting point for PATCH. */
export function currentUserState(row: DirectoryUserRow): Record<string, unknown> {
  return row.externalId === null
    ? { ...row.rawAttributes }
    : { ...row.rawAttributes, externalId: row.externalId };
}

/**
 * Writes a new state for a locked user row. A write that changes nothing is skipped entirely
 * (no version bump, no event); a real change emits exactly one `dsync.user.updated`.
 */
export async function saveUserState(
  tx: Db,
  before: DirectoryUserRow,
  next: UserState,
): Promise<DirectoryUserRow> {
  if (
    jsonEqual(before.rawAttributes, next.resource) &&
    before.externalId === (next.externalId ?? null)
  ) {
    return before;
  }
  let after: DirectoryUserRow;
  try {
    after = await updateDirectoryUser(tx, {
      directoryId: before.directoryId,
      id: before.id,
      changes: userColumns(before.id, next),
    });
  } catch (error) {
    rethrowConstraintViolation(error);
  }
  const previous = previousAttributes(toDirectoryUser(before), toDirectoryUser(after));
  if (previous) await recordEvents(tx, [userUpdated(toDirectoryUser(after), previous)]);
  return after;
}
