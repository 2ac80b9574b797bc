import { findDirectoryGroup } from "@dsync/db";
import { normalizeResource, profileFor } from "@dsync/scim";
import { inTransaction } from "../../transaction";
import { assertIfMatch, resourceNotFound, type ScimContext, type ScimResult } from "../context";
import { applyMemberChanges } from "./member-changes";
import { renderGroups } from "./render-group";
import { saveGroupState } from "./save-group";

/**
 * SCIM `PUT /Groups/{id}`: replaces the attributes sent. Membership is replaced when the body
 * carries `members`; a PUT that omits it keeps the members unless the provider's profile says
 * otherwise, rather than silently emptying a group (design §4: PUT replaces what it sends).
 */
export async function replaceScimGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimResult> {
  const { resource, externalId, members } = normalizeResource("Group", body);
  const row = await inTransaction(ctx.db, async (tx) => {
    const before = await findDirectoryGroup(tx, { directoryId: ctx.directory.id, id, lock: true });
    if (!before) throw resourceNotFound("Group", id);
    assertIfMatch(ifMatch, before.version);
    const keepMembers = profileFor(ctx.directory.type).groupPutWithoutMembers === "keep";
    const wanted = members ?? (keepMembers ? undefined : []);
    const changed = wanted
      ? await applyMemberChanges(tx, before, [{ kind: "replace", members: wanted }])
      : 0;
    return saveGroupState(
      tx,
      before,
      externalId === undefined ? { resource } : { resource, externalId },
      changed > 0,
    );
  });
  const [rendered] = await renderGroups(ctx.db, [row], ctx.baseUrl, true);
  return { resource: rendered!, version: String(row.version) };
}
