import { generateSecret, hashSecret, newId, secretPrefix } from "@dsync/core";
import { type Db, insertApiKey } from "@dsync/db";
import { type ApiKeyObject, type ApiKeyScope, toApiKey } from "./to-api-key";

/** A new API key with its secret, which is shown only in this response. */
export type CreatedApiKey = Omit<ApiKeyObject, "last_used_at"> & { key: string };

/** Issues a management API key; only its hash and prefix are stored. */
export async function createApiKey(
  db: Db,
  params: { name: string; scope: ApiKeyScope },
): Promise<CreatedApiKey> {
  const key = generateSecret("dsync_key");
  const row = await insertApiKey(db, {
    id: newId("apiKey"),
    name: params.name,
    scope: params.scope,
    keyHash: hashSecret(key),
    prefix: secretPrefix(key),
  });
  const { last_used_at: _unused, ...shown } = toApiKey(row);
  return { ...shown, key };
}
