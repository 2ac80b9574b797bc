import { groupUpdated, jsonEqual, normalizeScimGroup, previousAttributes } from "@dsync/core";
import {
  type Db,
  type DirectoryGroupChanges,
  type DirectoryGroupRow,
  updateDirectoryGroup,
} from "@dsync/db";
import { toDirectoryGroup } from "../../directory-objects";
import { recordEvents } from "../../events/record-events";
import { rethrowConstraintViolation } from "../context";

/** A group resource as normalized from a request (members travel separately). */
export interface GroupState {
  resource: Record<string, unknown>;
  externalId?: string;
}

/** The columns a group state maps to; `id` backs idp_id when the provider sends no externalId. */
export function groupColumns(id: string, state: GroupState): DirectoryGroupChanges {
  return {
    idpId: state.externalId ?? id,
    externalId: state.externalId ?? null,
    name: normalizeScimGroup(state.resource).name,
    rawAttributes: state.resource,
  };
}

/** The state a stored group was written from, the starting point for PATCH. */
export function currentGroupState(row: DirectoryGroupRow): Record<string, unknown> {
  return row.externalId === null
    ? { ...row.rawAttributes }
    : { ...row.rawAttributes, externalId: row.externalId };
}

/**
 * Writes a group's attributes, and bumps its version when only its members changed (the
 * members attribute is part of the resource an ETag describes). Emits `dsync.group.updated`
 * only for attribute changes; membership has its own events.
 */
export async function saveGroupState(
  tx: Db,
  before: DirectoryGroupRow,
  next: GroupState | undefined,
  membersChanged: boolean,
): Promise<DirectoryGroupRow> {
  const attributesChanged =
    next !== undefined &&
    !(
      jsonEqual(before.rawAttributes, next.resource) &&
      before.externalId === (next.externalId ?? null)
    );
  if (!attributesChanged && !membersChanged) return before;
  let after: DirectoryGroupRow;
  try {
    after = await updateDirectoryGroup(tx, {
      directoryId: before.directoryId,
      id: before.id,
      ...(attributesChanged && next ? { changes: groupColumns(before.id, next) } : {}),
    });
  } catch (error) {
    rethrowConstraintViolation(error);
  }
  if (attributesChanged) {
    const previous = previousAttributes(toDirectoryGroup(before), toDirectoryGroup(after));
    if (previous) await recordEvents(tx, [groupUpdated(toDirectoryGroup(after), previous)]);
  }
  return after;
}
