import { groupCreated, newId } from "@dsync/core";
import { insertDirectoryGroup } from "@dsync/db";
import { normalizeResource } from "@dsync/scim";
import { toDirectoryGroup } from "../../directory-objects";
import { recordEvents } from "../../events/record-events";
import { inTransaction } from "../../transaction";
import { rethrowConstraintViolation, type ScimContext, type ScimResult } from "../context";
import { applyMemberChanges } from "./member-changes";
import { renderGroups } from "./render-group";
import { groupColumns } from "./save-group";

/** SCIM `POST /Groups`: the group, its initial members and their events in one transaction. */
export async function createScimGroup(ctx: ScimContext, body: unknown): Promise<ScimResult> {
  const { resource, externalId, members } = normalizeResource("Group", body);
  const id = newId("directoryGroup");
  try {
    const row = await inTransaction(ctx.db, async (tx) => {
      const inserted = await insertDirectoryGroup(tx, {
        id,
        directoryId: ctx.directory.id,
        organizationId: ctx.directory.organizationId,
        ...groupColumns(id, externalId === undefined ? { resource } : { resource, externalId }),
      });
      await recordEvents(tx, [groupCreated(toDirectoryGroup(inserted))]);
      if (members && members.length > 0) {
        await applyMemberChanges(tx, inserted, [{ kind: "add", members }]);
      }
      return inserted;
    });
    const [rendered] = await renderGroups(ctx.db, [row], ctx.baseUrl, true);
    return { resource: rendered!, version: String(row.version) };
  } catch (error) {
    rethrowConstraintViolation(error);
  }
}
