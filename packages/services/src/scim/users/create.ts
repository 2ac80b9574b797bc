import { newId, userCreated } from "@dsync/core";
import { insertDirectoryUser } from "@dsync/db";
import { normalizeResource } from "@dsync/scim";
import { toDirectoryUser } from "../../directory-objects";
import { recordEvents } from "../../events/record-events";
import { inTransaction } from "../../transaction";
import { rethrowUniqueness, type ScimContext, type ScimResult } from "../context";
import { renderScimUser } from "../render";
import { userColumns } from "./save-user";

/** SCIM `POST /Users`: stores a new user and appends `dsync.user.created` in one transaction. */
export async function createScimUser(ctx: ScimContext, body: unknown): Promise<ScimResult> {
  const { resource, externalId } = normalizeResource("User", body);
  const id = newId("directoryUser");
  try {
    const row = await inTransaction(ctx.db, async (tx) => {
      const inserted = await insertDirectoryUser(tx, {
        id,
        directoryId: ctx.directory.id,
        organizationId: ctx.directory.organizationId,
        ...userColumns(id, externalId === undefined ? { resource } : { resource, externalId }),
      });
      await recordEvents(tx, [userCreated(toDirectoryUser(inserted))]);
      return inserted;
    });
    return { resource: renderScimUser(row, ctx.baseUrl), version: String(row.version) };
  } catch (error) {
    rethrowUniqueness(error);
  }
}
