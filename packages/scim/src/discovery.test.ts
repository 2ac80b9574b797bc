import { describe, expect, it } from "vitest";
import {
  resourceTypeDocument,
  resourceTypesDocument,
  schemaDocument,
  schemasDocument,
  serviceProviderConfig,
} from "./discovery";
import { ScimError } from "./errors";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./schemas/definitions";

const base = "https://dsync.example/scim/v2/directory_1/";

describe("serviceProviderConfig", () => {
  it("describes exactly what is supported", () => {
    const config = serviceProviderConfig({
      baseUrl: base,
      maxOperations: 100,
      maxPayloadSize: 1048576,
      maxResults: 1000,
    });
    expect(config).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 100, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: {
        resourceType: "ServiceProviderConfig",
        location: "https://dsync.example/scim/v2/directory_1/ServiceProviderConfig",
      },
    });
    expect(config.authenticationSchemes).toContainEqual(
      expect.objectContaining({ type: "oauthbearertoken" }),
    );
  });
});

describe("schemas", () => {
  it("lists the three schemas with meta.resourceType Schema", () => {
    const doc = schemasDocument(base);
    expect(doc.totalResults).toBe(3);
    expect(doc.Resources.map((r) => r.id)).toEqual([
      USER_SCHEMA,
      ENTERPRISE_USER_SCHEMA,
      GROUP_SCHEMA,
    ]);
    for (const r of doc.Resources) expect(r.meta).toMatchObject({ resourceType: "Schema" });
  });

  it("renders attribute characteristics IdPs read", () => {
    const userSchema = schemaDocument(base, USER_SCHEMA.toUpperCase());
    const attributes = userSchema.attributes as Record<string, unknown>[];
    expect(attributes).toContainEqual(
      expect.objectContaining({
        name: "userName",
        uniqueness: "server",
        caseExact: false,
        required: true,
      }),
    );
    expect(attributes).toContainEqual(
      expect.objectContaining({ name: "emails", multiValued: true }),
    );
    const group = schemaDocument(base, GROUP_SCHEMA);
    expect(group.attributes).toContainEqual(
      expect.objectContaining({ name: "members", multiValued: true }),
    );
  });

  it("answers an unknown schema with 404", () => {
    expect(() => schemaDocument(base, "urn:example:nope")).toThrow(ScimError);
    try {
      schemaDocument(base, "urn:example:nope");
    } catch (error) {
      expect((error as ScimError).status).toBe(404);
    }
  });
});

describe("resource types", () => {
  it("lists User (with the enterprise extension) and Group", () => {
    const doc = resourceTypesDocument(base);
    expect(doc.Resources).toContainEqual(
      expect.objectContaining({ id: "User", endpoint: "/Users", schema: USER_SCHEMA }),
    );
    expect(doc.Resources).toContainEqual(
      expect.objectContaining({ id: "Group", endpoint: "/Groups", schema: GROUP_SCHEMA }),
    );
    const user = resourceTypeDocument(base, "user");
    expect(user.schemaExtensions).toEqual([{ schema: ENTERPRISE_USER_SCHEMA, required: false }]);
    expect(user.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]);
    expect(() => resourceTypeDocument(base, "Widgets")).toThrow(ScimError);
  });
});
