import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAttributeList, projectAttributes } from "./projection";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./schemas/definitions";

const EXT = ENTERPRISE_USER_SCHEMA;

const user = {
  schemas: [USER_SCHEMA, EXT],
  id: "u1",
  externalId: "e1",
  userName: "UserName123",
  displayName: "BobIsAmazing",
  name: { givenName: "Ryan", familyName: "Leenay" },
  emails: [
    { value: "a@b.c", type: "work", primary: true },
    { value: "h@b.c", type: "home" },
  ],
  [EXT]: { department: "bob", manager: { value: "SuzzyQ" } },
  meta: {
    resourceType: "User",
    created: "c",
    lastModified: "l",
    location: "loc",
    version: 'W/"1"',
  },
};

describe("parseAttributeList", () => {
  it("splits, trims and drops empties", () => {
    expect(parseAttributeList("userName, emails,,")).toEqual(["userName", "emails"]);
    expect(parseAttributeList("")).toBeUndefined();
    expect(parseAttributeList(undefined)).toBeUndefined();
  });
});

describe("projectAttributes", () => {
  it("attributes=userName,emails keeps those plus id, schemas, meta.resourceType", () => {
    expect(projectAttributes("User", user, { attributes: ["userName", "emails"] })).toEqual({
      schemas: user.schemas,
      id: "u1",
      userName: "UserName123",
      emails: user.emails,
      meta: { resourceType: "User" },
    });
  });

  it("matches names case-insensitively and reads sub-attribute and URN paths", () => {
    expect(
      projectAttributes("User", user, {
        attributes: [
          "NAME.givenname",
          "emails.value",
          `${USER_SCHEMA}:displayName`,
          `${EXT}:department`,
        ],
      }),
    ).toEqual({
      schemas: user.schemas,
      id: "u1",
      name: { givenName: "Ryan" },
      emails: [{ value: "a@b.c" }, { value: "h@b.c" }],
      displayName: "BobIsAmazing",
      [EXT]: { department: "bob" },
      meta: { resourceType: "User" },
    });
  });

  it("selects a whole extension by its URN and bare extension names", () => {
    expect(projectAttributes("User", user, { attributes: [EXT] })[EXT]).toEqual(user[EXT]);
    expect(projectAttributes("User", user, { attributes: ["manager.value"] })[EXT]).toEqual({
      manager: { value: "SuzzyQ" },
    });
  });

  it("excludedAttributes removes, but never id, schemas or meta.resourceType", () => {
    const group = {
      schemas: [GROUP_SCHEMA],
      id: "g1",
      displayName: "G",
      members: [{ value: "u1" }],
      meta: { resourceType: "Group", location: "x" },
    };
    expect(
      projectAttributes("Group", group, {
        excludedAttributes: ["members", "id", "schemas", "meta"],
      }),
    ).toEqual({
      schemas: [GROUP_SCHEMA],
      id: "g1",
      displayName: "G",
      meta: { resourceType: "Group" },
    });
    expect(
      projectAttributes("User", user, { excludedAttributes: ["emails.type", `${EXT}:manager`] }),
    ).toMatchObject({
      emails: [{ value: "a@b.c", primary: true }, { value: "h@b.c" }],
      [EXT]: { department: "bob" },
    });
  });

  it("never returns password and leaves the input alone", () => {
    const withPassword = { ...user, password: "secret" };
    expect(projectAttributes("User", withPassword, {})).not.toHaveProperty("password");
    expect(
      projectAttributes("User", withPassword, { attributes: ["password"] }),
    ).not.toHaveProperty("password");
    expect(withPassword.password).toBe("secret");
  });

  it("property: id and schemas are never dropped", () => {
    const names = fc.array(
      fc.oneof(
        fc.constantFrom(
          "id",
          "schemas",
          "meta",
          "userName",
          "emails.value",
          EXT,
          `${USER_SCHEMA}:id`,
        ),
        fc.string(),
      ),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(names, names, fc.boolean(), (attributes, excludedAttributes, useAttributes) => {
        const out = projectAttributes(
          "User",
          user,
          useAttributes ? { attributes, excludedAttributes } : { excludedAttributes },
        );
        expect(out.id).toBe("u1");
        expect(out.schemas).toEqual(user.schemas);
        expect((out.meta as { resourceType?: string }).resourceType).toBe("User");
      }),
    );
  });
});
