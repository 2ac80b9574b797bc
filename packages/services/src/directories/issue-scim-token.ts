import { generateSecret, hashSecret, newId, secretPrefix } from "@dsync/core";
import { type Db, type DirectoryTokenRow, insertDirectoryToken } from "@dsync/db";

/** A freshly issued SCIM token: its row and the secret, which exists only in this response. */
export interface IssuedScimToken {
  row: DirectoryTokenRow;
  bearerToken: string;
}

/** Generates a SCIM bearer token for a directory and stores only its hash and prefix. */
export async function issueScimToken(db: Db, directoryId: string): Promise<IssuedScimToken> {
  const bearerToken = generateSecret("dsync_scim");
  const row = await insertDirectoryToken(db, {
    id: newId("directoryToken"),
    directoryId,
    tokenHash: hashSecret(bearerToken),
    prefix: secretPrefix(bearerToken),
  });
  return { row, bearerToken };
}

/** The public view of a token: never the secret or its hash. */
export interface DirectoryTokenObject {
  object: "directory_token";
  id: string;
  prefix: string;
  last_used_at: string | null;
  created_at: string;
}

/** Renders a token row without its hash. */
export function toDirectoryToken(row: DirectoryTokenRow): DirectoryTokenObject {
  return {
    object: "directory_token",
    id: row.id,
    prefix: row.prefix,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}
