import { directoryDeleted, notFound } from "@dsync/core";
import { type Db, deleteDirectory as deleteDirectoryRow, findDirectory } from "@dsync/db";
import { recordEvents } from "../events/record-events";
import { inTransaction } from "../transaction";
import { toDirectory } from "./to-directory";

/**
 * Deletes a directory and everything in it, emitting one `dsync.deleted` in the same
 * transaction. Tokens, users, groups and memberships go by ON DELETE CASCADE, so no
 * per-user or per-group events are emitted (WorkOS sends only `dsync.deleted` too).
 */
export async function deleteDirectory(db: Db, params: { id: string }): Promise<void> {
  await inTransaction(db, async (tx) => {
    // Locked so a concurrent delete waits and then finds nothing, instead of emitting twice.
    const row = await findDirectory(tx, { id: params.id, lock: true });
    if (!row) throw notFound("Directory");
    await recordEvents(tx, [directoryDeleted(toDirectory(row, row.organizationDomains))]);
    await deleteDirectoryRow(tx, { id: row.id });
  });
}
