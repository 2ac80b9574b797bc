/**
 * The objects dsync hands to applications, shaped field for field like WorkOS Directory Sync's
 * API responses (snake_case, as `@workos-inc/node` deserializes them: `DirectoryUserResponse`,
 * `DirectoryGroupResponse`, `DirectoryResponse`, `OrganizationResponse`). An application built
 * against WorkOS reads these unchanged, so a field is renamed here only if WorkOS renames it.
 */

/** One entry of a user's `emails` (WorkOS keeps SCIM's `{ primary, type, value }`). */
export interface DirectoryUserEmail {
  primary: boolean;
  type?: string;
  value: string;
}

/** The role WorkOS attaches when role assignment is configured; dsync does not assign roles yet. */
export interface DirectoryUserRole {
  slug: string;
}

/** A directory user as the REST API and `dsync.user.*` events carry it. */
export interface DirectoryUser {
  object: "directory_user";
  id: string;
  /** The provider's identifier: SCIM `externalId` when sent, else our id (pollers: their user id). */
  idp_id: string;
  directory_id: string;
  organization_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  /** @deprecated WorkOS deprecated it in favour of `custom_attributes.emails`; kept for SDK users. */
  emails: DirectoryUserEmail[];
  /** @deprecated WorkOS deprecated it in favour of `custom_attributes.username`; kept for SDK users. */
  username: string | null;
  /** @deprecated WorkOS deprecated it in favour of `custom_attributes.job_title`; kept for SDK users. */
  job_title: string | null;
  /** WorkOS folded `suspended` into `inactive` on 2023-12-11; only these two remain. */
  state: "active" | "inactive";
  custom_attributes: Record<string, unknown>;
  raw_attributes: Record<string, unknown>;
  /** Optional in WorkOS's schema and only present with role assignment; never emitted by dsync today. */
  role?: DirectoryUserRole;
  created_at: string;
  updated_at: string;
}

/** A directory group as the REST API and `dsync.group.*` events carry it. */
export interface DirectoryGroup {
  object: "directory_group";
  id: string;
  idp_id: string;
  directory_id: string;
  organization_id: string;
  name: string;
  raw_attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/**
 * Directory states. `linked`, `unlinked`, `deleting` and `invalid_credentials` are the values
 * WorkOS's API returns (the Node SDK maps `linked`→`active`, `unlinked`→`inactive` and passes
 * the rest through); `held` is dsync's own: the mass-deprovisioning guard tripped.
 */
export const DIRECTORY_STATES = [
  "linked",
  "unlinked",
  "held",
  "deleting",
  "invalid_credentials",
] as const;

export type DirectoryState = (typeof DIRECTORY_STATES)[number];

/** Directory types dsync supports, spelled as WorkOS spells them (`DirectoryType` in the SDK). */
export const DIRECTORY_TYPES = [
  "okta scim v2.0",
  "azure scim v2.0",
  "onelogin scim v2.0",
  "jump cloud scim v2.0",
  "pingfederate scim v2.0",
  "rippling scim v2.0",
  "generic scim v2.0",
  "gsuite directory",
  "bamboohr",
] as const;

export type DirectoryType = (typeof DIRECTORY_TYPES)[number];

/** A directory (one connection to one provider) as the REST API renders it. */
export interface Directory {
  object: "directory";
  id: string;
  organization_id: string;
  name: string;
  type: DirectoryType;
  state: DirectoryState;
  /** WorkOS shows the organization's primary domain here; null when the organization has none. */
  domain: string | null;
  created_at: string;
  updated_at: string;
}

/** WorkOS `OrganizationDomainState`. */
export type OrganizationDomainState = "verified" | "pending" | "failed";

/** A domain of an organization (WorkOS `OrganizationDomainResponse`). */
export interface OrganizationDomain {
  object: "organization_domain";
  id: string;
  domain: string;
  organization_id: string;
  state: OrganizationDomainState;
  verification_strategy: "dns" | "manual";
  verification_token?: string;
  created_at: string;
  updated_at: string;
}

/** An organization (tenant) as the REST API renders it (WorkOS `OrganizationResponse`). */
export interface Organization {
  object: "organization";
  id: string;
  name: string;
  domains: OrganizationDomain[];
  external_id: string | null;
  allow_profiles_outside_organization: boolean;
  created_at: string;
  updated_at: string;
}

/** WorkOS's directory `metadata`: how many users (by state) and groups the directory holds. */
export interface DirectoryMetadata {
  users: { active: number; inactive: number };
  groups: number;
}

/** A directory as the REST API's `GET /directories` and `GET /directories/{id}` render it. */
export interface DirectoryWithMetadata extends Directory {
  metadata: DirectoryMetadata;
}

/** A directory user as `GET /directory_users` renders it: with the groups it belongs to. */
export interface DirectoryUserWithGroups extends DirectoryUser {
  groups: DirectoryGroup[];
}
