import { DsyncError, newId, type Organization } from "@dsync/core";
import { type Db, insertOrganization, pgErrorCode } from "@dsync/db";
import { type StoredDomain, toOrganization } from "./to-organization";

/** What `createOrganization` needs; validated by the route's schema. */
export interface CreateOrganizationParams {
  name: string;
  domainData?: { domain: string; state: "verified" | "pending" }[];
  externalId?: string | null;
}

/** Creates an organization (tenant); a duplicate `external_id` is a 409 CONFLICT. */
export async function createOrganization(
  db: Db,
  params: CreateOrganizationParams,
): Promise<Organization> {
  const seen = new Set<string>();
  const domains: StoredDomain[] = [];
  for (const d of params.domainData ?? []) {
    const domain = d.domain.toLowerCase();
    // A domain listed twice is one domain; keep its first state.
    if (seen.has(domain)) continue;
    seen.add(domain);
    domains.push({ id: newId("organizationDomain"), domain, state: d.state });
  }
  try {
    const row = await insertOrganization(db, {
      id: newId("organization"),
      name: params.name,
      externalId: params.externalId ?? null,
      domains,
    });
    return toOrganization(row);
  } catch (error) {
    if (pgErrorCode(error) === "23505") {
      throw new DsyncError("CONFLICT", "An organization with this external_id already exists.", {
        errors: [{ field: "external_id", code: "duplicate", message: "already in use" }],
      });
    }
    throw error;
  }
}
