import { hashSecret } from "@dsync/core";
import { type Db, findLiveApiKey, touchApiKey } from "@dsync/db";
import type { ApiKeyScope } from "./to-api-key";

// `last_used_at` is for humans ("used 3 minutes ago"); writing it on every request would turn
// each read into a write, so it is refreshed at most once a minute per key.
const TOUCH_INTERVAL_MS = 60_000;

/** The key a management request authenticated with. */
export interface AuthenticatedApiKey {
  id: string;
  scope: ApiKeyScope;
}

/** The live API key a bearer secret names, or null (unknown or revoked). */
export async function authenticateApiKey(db: Db, key: string): Promise<AuthenticatedApiKey | null> {
  if (key === "") return null;
  // The hot path: one query on the unique key_hash index.
  const match = await findLiveApiKey(db, { keyHash: hashSecret(key) });
  if (!match) return null;
  const now = new Date();
  if (!match.lastUsedAt || now.getTime() - match.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await touchApiKey(db, {
      id: match.id,
      now,
      staleBefore: new Date(now.getTime() - TOUCH_INTERVAL_MS),
    });
  }
  return { id: match.id, scope: match.scope as ApiKeyScope };
}
