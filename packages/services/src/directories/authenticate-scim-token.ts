import { directoryActivated, hashSecret } from "@dsync/core";
import {
  type Db,
  findDirectory,
  findScimToken,
  linkDirectory,
  touchDirectoryToken,
} from "@dsync/db";
import { recordEvents } from "../events/record-events";
import { storedDomains } from "../organizations/to-organization";
import type { ScimDirectory } from "../scim/context";
import { inTransaction } from "../transaction";
import { isScimDirectoryType, toDirectory } from "./to-directory";

// `last_used_at` is for humans ("used 3 minutes ago"); writing it on every request would turn
// each SCIM read into a write, so it is refreshed at most once a minute per token.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The directory a SCIM bearer token opens, or null. The token must belong to the directory in
 * the URL (a token of A presented on B's URL is null) and the directory must be a SCIM type.
 * The first successful request links an `unlinked` directory and emits `dsync.activated`.
 */
export async function authenticateScimToken(
  db: Db,
  directoryId: string,
  token: string,
): Promise<ScimDirectory | null> {
  if (token === "" || directoryId === "") return null;
  // The hot path: one query on the unique token_hash index.
  const match = await findScimToken(db, { directoryId, tokenHash: hashSecret(token) });
  if (!match || !isScimDirectoryType(match.type)) return null;

  const now = new Date();
  if (!match.lastUsedAt || now.getTime() - match.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await touchDirectoryToken(db, {
      directoryId,
      id: match.tokenId,
      now,
      staleBefore: new Date(now.getTime() - TOUCH_INTERVAL_MS),
    });
  }

  let state = match.state;
  if (state === "unlinked") state = await activateDirectory(db, directoryId);
  return {
    id: match.directoryId,
    organizationId: match.organizationId,
    type: match.type,
    state,
    name: match.name,
  };
}

/**
 * Links the directory and emits `dsync.activated` in one transaction. The conditional UPDATE
 * returns the row to exactly one of any number of concurrent first requests; the others see
 * nothing and simply go on with the directory linked.
 */
async function activateDirectory(db: Db, directoryId: string): Promise<string> {
  return inTransaction(db, async (tx) => {
    const linked = await linkDirectory(tx, { id: directoryId });
    if (!linked) return "linked";
    const withDomains = await findDirectory(tx, { id: directoryId });
    const domains = withDomains ? storedDomains({ domains: withDomains.organizationDomains }) : [];
    await recordEvents(tx, [directoryActivated(toDirectory(linked, domains), domains)]);
    return linked.state;
  });
}
