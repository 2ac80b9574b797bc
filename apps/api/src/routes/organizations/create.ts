import { createOrganization } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { jsonBody } from "../../validate";

// RFC 1035 host names with at least one dot; compared in lower case.
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Body of `POST /organizations`. */
export const CreateOrganizationInput = z.object({
  name: z.string().trim().min(1).max(256),
  domain_data: z
    .array(
      z.object({
        domain: z.string().trim().regex(DOMAIN, "must be a domain name such as example.com"),
        state: z.enum(["verified", "pending"]),
      }),
    )
    .max(100)
    .optional(),
  external_id: z.string().trim().min(1).max(256).nullish(),
});
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;

/** `POST /organizations` → 201 organization; 409 on a duplicate `external_id`. */
export function registerCreateOrganization(app: ApiApp, deps: AppDeps): void {
  app.post("/", async (c) => {
    const input = await jsonBody(c, CreateOrganizationInput);
    const organization = await createOrganization(deps.db, {
      name: input.name,
      domainData: input.domain_data,
      externalId: input.external_id ?? null,
    });
    return c.json(organization, 201);
  });
}
