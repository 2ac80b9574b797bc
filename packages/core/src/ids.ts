import { getRandomValues } from "node:crypto";

/** Prefixes of every id dsync hands out; one map so a prefix is never invented twice. */
export const ID_PREFIXES = {
  organization: "org",
  organizationDomain: "org_domain",
  directory: "directory",
  directoryToken: "directory_token",
  directoryUser: "directory_user",
  directoryGroup: "directory_group",
  event: "event",
  apiKey: "key",
  webhookEndpoint: "we",
  webhookDelivery: "webhook_delivery",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

// Crockford base32, as ULID uses: sortable as a string, no ambiguous letters.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = 0;
const lastRandom = new Uint8Array(10);

function encodeTime(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 characters, read five bits at a time.
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** Increments the random part so ids made in the same millisecond still sort in creation order. */
function incrementRandom(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const next = (bytes[i] ?? 0) + 1;
    bytes[i] = next & 0xff;
    if (next <= 0xff) return;
  }
}

/** Returns a monotonic ULID (26 characters) for the given clock reading. */
export function ulid(now: number = Date.now()): string {
  if (now <= lastTime) {
    incrementRandom(lastRandom);
  } else {
    lastTime = now;
    getRandomValues(lastRandom);
  }
  return encodeTime(lastTime) + encodeRandom(lastRandom);
}

/** Returns a new prefixed, time-sortable id such as `directory_user_01H…`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${ulid()}`;
}

/** True when `id` has the prefix of `kind` followed by a ULID. */
export function isId(kind: IdKind, id: string): boolean {
  const prefix = `${ID_PREFIXES[kind]}_`;
  return id.startsWith(prefix) && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id.slice(prefix.length));
}

/** The creation time encoded in a dsync id's ULID (its first 48 bits), or undefined if it has none. */
export function idTime(id: string): Date | undefined {
  const ulidPart = id.slice(-26);
  if (id.length < 27 || id[id.length - 27] !== "_" || !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(ulidPart)) {
    return undefined;
  }
  let ms = 0;
  for (const char of ulidPart.slice(0, 10)) ms = ms * 32 + ALPHABET.indexOf(char);
  return new Date(ms);
}
