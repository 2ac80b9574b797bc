import { notFound, type Organization } from "@dsync/core";
import { type Db, findOrganization } from "@dsync/db";
import { toOrganization } from "./to-organization";

/** One organization by id; NOT_FOUND when it does not exist. */
export async function getOrganization(db: Db, params: { id: string }): Promise<Organization> {
  const row = await findOrganization(db, { id: params.id });
  if (!row) throw notFound("Organization");
  return toOrganization(row);
}
