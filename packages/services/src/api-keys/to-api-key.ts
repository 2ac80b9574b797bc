import type { ApiKeyRow } from "@dsync/db";

/** What an API key may do: `read_only` keys may only read (GET). */
export const API_KEY_SCOPES = ["read_only", "full"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An API key as the management API shows it: never the secret, only its prefix. */
export interface ApiKeyObject {
  object: "api_key";
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  last_used_at: string | null;
  created_at: string;
}

/** Renders a stored key row (without its hash). */
export function toApiKey(row: ApiKeyRow): ApiKeyObject {
  return {
    object: "api_key",
    id: row.id,
    name: row.name,
    scope: row.scope as ApiKeyScope,
    prefix: row.prefix,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}
