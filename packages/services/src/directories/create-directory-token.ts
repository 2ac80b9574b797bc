import { DsyncError, notFound } from "@dsync/core";
import { countDirectoryTokens, type Db, findDirectory } from "@dsync/db";
import { inTransaction } from "../transaction";
import { type DirectoryTokenObject, issueScimToken, toDirectoryToken } from "./issue-scim-token";
import { isScimDirectoryType } from "./to-directory";

/** Live tokens a directory may have: two, so a token can be rotated without downtime. */
export const MAX_LIVE_TOKENS = 2;

/** A new token with its secret, shown only in this response. */
export type CreatedDirectoryToken = DirectoryTokenObject & { bearer_token: string };

/** Issues another SCIM bearer token for a directory; CONFLICT when two are already live. */
export async function createDirectoryToken(
  db: Db,
  params: { directoryId: string },
): Promise<CreatedDirectoryToken> {
  return inTransaction(db, async (tx) => {
    // The row lock serializes concurrent issues for one directory, so the count stays true.
    const directory = await findDirectory(tx, { id: params.directoryId, lock: true });
    if (!directory) throw notFound("Directory");
    if (!isScimDirectoryType(directory.type)) {
      throw new DsyncError("VALIDATION", `A ${directory.type} directory does not use SCIM tokens.`);
    }
    const live = await countDirectoryTokens(tx, { directoryId: directory.id });
    if (live >= MAX_LIVE_TOKENS) {
      throw new DsyncError(
        "CONFLICT",
        `This directory already has ${MAX_LIVE_TOKENS} live tokens; revoke one before creating another.`,
      );
    }
    const token = await issueScimToken(tx, directory.id);
    return { ...toDirectoryToken(token.row), bearer_token: token.bearerToken };
  });
}
