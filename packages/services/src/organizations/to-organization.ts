import type { Organization, OrganizationDomain, OrganizationDomainState } from "@dsync/core";
import type { OrganizationRow } from "@dsync/db";

/** A domain as stored in `organizations.domains` (jsonb); `id` is assigned on write. */
export interface StoredDomain {
  id?: string;
  domain: string;
  state: string;
}

/** The stored domains of an organization, each with its `org_domain_…` id. */
export function storedDomains(row: { domains: { domain: string; state: string }[] }): {
  id: string;
  domain: string;
  state: string;
}[] {
  return (row.domains as StoredDomain[]).map((d) => ({
    // Rows written before ids were stored fall back to a stable, readable id.
    id: d.id ?? `org_domain_${d.domain}`,
    domain: d.domain,
    state: d.state,
  }));
}

/** The WorkOS-shaped organization object from its row. */
export function toOrganization(row: OrganizationRow): Organization {
  const createdAt = row.createdAt.toISOString();
  const updatedAt = row.updatedAt.toISOString();
  return {
    object: "organization",
    id: row.id,
    name: row.name,
    domains: storedDomains(row).map(
      (d): OrganizationDomain => ({
        object: "organization_domain",
        id: d.id,
        domain: d.domain,
        organization_id: row.id,
        state: d.state as OrganizationDomainState,
        // Domains are asserted by the instance administrator, not verified over DNS.
        verification_strategy: "manual",
        created_at: createdAt,
        updated_at: updatedAt,
      }),
    ),
    external_id: row.externalId,
    allow_profiles_outside_organization: false,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}
