import { notFound } from "@dsync/core";
import { type Db, revokeApiKey as markApiKeyRevoked } from "@dsync/db";

/** Revokes a live API key at once; NOT_FOUND for an unknown or already revoked id. */
export async function revokeApiKey(db: Db, params: { id: string }): Promise<void> {
  const revoked = await markApiKeyRevoked(db, { id: params.id, now: new Date() });
  if (!revoked) throw notFound("API key");
}
