/**
 * Provider profiles: the few SCIM behaviours that need a per-provider decision, keyed by the
 * directory's type (design.md §4). Everything that can be accepted for every provider at once
 * (string booleans, capitalized ops, dotted and URN keys, Entra's `remove members` with a
 * value list, Okta's path-less replace carrying `id`, passwords) is handled unconditionally in
 * the parsers and the PATCH applier, so it is NOT here. The generic profile, used for unknown
 * types, accepts the union of known quirks.
 *
 * Deactivation (`active: false`, by PATCH from Okta/Entra/OneLogin or by PUT from Ping) is
 * never a delete for any provider: the user stays, with state inactive. Only DELETE deletes.
 */
import type { ApplyPatchOptions } from "./patch/apply";

/** How a successful PATCH is answered (RFC 7644 §3.5.2: 200 with the resource, or 204). */
export type PatchResponseStyle = "resource" | "noContent";

/** The per-provider SCIM decisions. */
export interface ProviderProfile {
  /** The directory type this profile is for (`okta scim v2.0`, …). */
  type: string;
  /** Human name, for logs and the admin portal. */
  provider: string;
  /**
   * User PATCH: every known provider accepts 200 with the resource; Okta and Entra read the
   * returned user, so the resource is sent.
   */
  userPatchResponse: PatchResponseStyle;
  /**
   * Group PATCH: 204, as Okta's and Entra's own examples answer; rendering a large member
   * list back would cost more than the change.
   */
  groupPatchResponse: PatchResponseStyle;
  /** Passed to applyPatch: Entra's filtered add/replace that matches nothing creates the value. */
  patch: Required<ApplyPatchOptions>;
  /**
   * A Group PUT without a `members` key: `keep` leaves memberships as they are (providers that
   * manage members only by PATCH send group PUTs without them), `replace` empties the group
   * as RFC 7644 §3.5.1 reads literally. No provider is known to rely on `replace`, and `keep`
   * never loses data, so every profile keeps.
   */
  groupPutWithoutMembers: "keep" | "replace";
  /**
   * Whether the provider deletes users (DELETE) or only deactivates them. Okta never sends
   * DELETE for users; the mass-deprovisioning guard counts deactivations for such providers.
   */
  deletesUsers: boolean;
}

const GENERIC: Omit<ProviderProfile, "type" | "provider"> = {
  userPatchResponse: "resource",
  groupPatchResponse: "noContent",
  patch: { createOnFilterNoMatch: true },
  groupPutWithoutMembers: "keep",
  deletesUsers: true,
};

const PROFILES: ProviderProfile[] = [
  { ...GENERIC, type: "okta scim v2.0", provider: "Okta", deletesUsers: false },
  // Entra sends `Add`/`Replace` with `emails[type eq "work"].value` for values that may not
  // exist yet and expects them created (createOnFilterNoMatch).
  { ...GENERIC, type: "azure scim v2.0", provider: "Microsoft Entra ID" },
  { ...GENERIC, type: "onelogin scim v2.0", provider: "OneLogin" },
  { ...GENERIC, type: "jump cloud scim v2.0", provider: "JumpCloud" },
  { ...GENERIC, type: "pingfederate scim v2.0", provider: "PingFederate" },
  { ...GENERIC, type: "rippling scim v2.0", provider: "Rippling" },
  { ...GENERIC, type: "generic scim v2.0", provider: "SCIM 2.0" },
];

/** Spelling variants seen for the same type (`jumpcloud` vs WorkOS's `jump cloud`). */
function key(type: string): string {
  return type.toLowerCase().replace(/[\s_-]+/g, "");
}

const BY_TYPE = new Map(PROFILES.map((p) => [key(p.type), p]));
const FALLBACK = PROFILES.find((p) => p.type === "generic scim v2.0")!;

/** The profile for a directory type; unknown types get the generic profile (union of quirks). */
export function profileFor(type: string): ProviderProfile {
  return BY_TYPE.get(key(type)) ?? FALLBACK;
}

/** Every known profile, for documentation and the admin portal. */
export const PROVIDER_PROFILES: readonly ProviderProfile[] = PROFILES;
