import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENTERPRISE_USER_URN, normalizeScimGroup, normalizeScimUser } from "./normalize-scim-user";

describe("normalizeScimUser", () => {
  it("maps a full Okta-style user to columns and WorkOS custom attributes", () => {
    const fields = normalizeScimUser({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_URN],
      userName: "ada@example.com",
      name: { givenName: "Ada", familyName: "Lovelace" },
      displayName: "Ada Lovelace",
      title: "Engineer",
      userType: "Employee",
      active: true,
      emails: [
        { value: "ada.home@example.org", type: "home" },
        { value: "ada@example.com", type: "work", primary: true },
      ],
      phoneNumbers: [{ value: "+1 555 0100", type: "mobile", primary: "True" }],
      addresses: [
        {
          type: "work",
          streetAddress: "1 Main St",
          locality: "London",
          region: "Greater London",
          postalCode: "N1",
          country: "GB",
          formatted: "1 Main St, London N1, GB",
          primary: true,
        },
      ],
      [ENTERPRISE_USER_URN]: {
        employeeNumber: "E-1",
        costCenter: "CC9",
        organization: "Analytical Engines",
        division: "R&D",
        department: "Maths",
        manager: { value: "boss@example.com", displayName: "Charles Babbage", $ref: "x" },
      },
    });
    expect(fields).toEqual({
      username: "ada@example.com",
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      state: "active",
      jobTitle: "Engineer",
      emails: [
        { primary: false, type: "home", value: "ada.home@example.org" },
        { primary: true, type: "work", value: "ada@example.com" },
      ],
      customAttributes: {
        username: "ada@example.com",
        emails: [
          { primary: false, type: "home", value: "ada.home@example.org" },
          { primary: true, type: "work", value: "ada@example.com" },
        ],
        job_title: "Engineer",
        department_name: "Maths",
        division_name: "R&D",
        cost_center_name: "CC9",
        employee_number: "E-1",
        employee_type: "Employee",
        organization: "Analytical Engines",
        manager_id: "boss@example.com",
        manager_email: "boss@example.com",
        manager_name: "Charles Babbage",
        display_name: "Ada Lovelace",
        addresses: [
          {
            type: "work",
            street_address: "1 Main St",
            locality: "London",
            region: "Greater London",
            postal_code: "N1",
            country: "GB",
            raw_address: "1 Main St, London N1, GB",
            primary: true,
          },
        ],
        phone_numbers: [{ value: "+1 555 0100", type: "mobile", primary: true }],
      },
    });
  });

  it("picks the primary email, else the first work one, else the first", () => {
    const pick = (emails: unknown[]) => normalizeScimUser({ userName: "u", emails }).email;
    expect(pick([{ value: "a@x.io" }, { value: "b@x.io", primary: true }])).toBe("b@x.io");
    expect(
      pick([
        { value: "a@x.io", type: "home" },
        { value: "b@x.io", type: "Work" },
      ]),
    ).toBe("b@x.io");
    expect(pick([{ value: "a@x.io", type: "home" }, { value: "b@x.io" }])).toBe("a@x.io");
    expect(pick([{ value: "a@x.io" }, { value: "b@x.io", primary: "true" }])).toBe("b@x.io");
    expect(
      pick([
        { value: "a@x.io", primary: "False" },
        { value: "b@x.io", type: "work" },
      ]),
    ).toBe("b@x.io");
  });

  it("backfills email from an email-like userName only when no emails are sent", () => {
    expect(normalizeScimUser({ userName: "ada@example.com" }).email).toBe("ada@example.com");
    expect(normalizeScimUser({ userName: "ada" }).email).toBeNull();
    expect(normalizeScimUser({ userName: "ada@example.com", emails: [] }).email).toBe(
      "ada@example.com",
    );
    const fields = normalizeScimUser({ userName: "ada@example.com" });
    expect(fields.emails).toEqual([]);
    expect(fields.customAttributes).not.toHaveProperty("emails");
  });

  it("reads active as a boolean or a string boolean, defaulting to active", () => {
    const state = (active: unknown) => normalizeScimUser({ userName: "u", active }).state;
    expect(state(false)).toBe("inactive");
    expect(state("False")).toBe("inactive");
    expect(state(" false ")).toBe("inactive");
    expect(state(true)).toBe("active");
    expect(state("True")).toBe("active");
    expect(state(undefined)).toBe("active");
    expect(state(null)).toBe("active");
    expect(normalizeScimUser({ userName: "u" }).state).toBe("active");
  });

  it("falls back to splitting displayName only when no structured name is sent", () => {
    const a = normalizeScimUser({ userName: "u", displayName: "Grace Brewster Hopper" });
    expect([a.firstName, a.lastName]).toEqual(["Grace", "Brewster Hopper"]);
    const b = normalizeScimUser({ userName: "u", displayName: "Cher" });
    expect([b.firstName, b.lastName]).toEqual(["Cher", null]);
    const c = normalizeScimUser({
      userName: "u",
      name: { familyName: "Hopper" },
      displayName: "Grace Hopper",
    });
    expect([c.firstName, c.lastName]).toEqual([null, "Hopper"]);
    const d = normalizeScimUser({
      userName: "u",
      name: { formatted: "Alan Turing" },
      displayName: "AT",
    });
    expect([d.firstName, d.lastName]).toEqual(["Alan", "Turing"]);
    const e = normalizeScimUser({ userName: "u" });
    expect([e.firstName, e.lastName]).toEqual([null, null]);
  });

  it("omits custom attributes whose source is absent or empty", () => {
    const fields = normalizeScimUser({
      userName: "u",
      title: "  ",
      emails: [],
      addresses: [{ type: "work" }],
      [ENTERPRISE_USER_URN]: { department: "" },
    });
    expect(fields.customAttributes).toEqual({ username: "u" });
    expect(fields.jobTitle).toBeNull();
  });

  it("sets manager_email only when the manager id looks like an email", () => {
    const manager = (value: unknown) =>
      normalizeScimUser({ userName: "u", [ENTERPRISE_USER_URN]: { manager: value } })
        .customAttributes;
    expect(manager({ value: "00u1", displayName: "Boss" })).toMatchObject({
      manager_id: "00u1",
      manager_name: "Boss",
    });
    expect(manager({ value: "00u1" })).not.toHaveProperty("manager_email");
    // Entra sends the manager as a bare id string.
    expect(manager("abc-123")).toMatchObject({ manager_id: "abc-123" });
  });

  it("reads flattened enterprise URN keys and case-insensitive attribute names", () => {
    const fields = normalizeScimUser({
      USERNAME: "u@example.com",
      Name: { GivenName: "Ada" },
      [`${ENTERPRISE_USER_URN}:department`]: "Maths",
      [`${ENTERPRISE_USER_URN}:employeeNumber`]: 42,
    });
    expect(fields.username).toBe("u@example.com");
    expect(fields.firstName).toBe("Ada");
    expect(fields.customAttributes).toMatchObject({
      department_name: "Maths",
      employee_number: "42",
    });
  });

  it("falls back to the email, then externalId, when userName is missing", () => {
    expect(normalizeScimUser({ emails: [{ value: "a@x.io" }] }, "ext-1").username).toBe("a@x.io");
    expect(normalizeScimUser({}, "ext-1").username).toBe("ext-1");
    expect(normalizeScimUser({}).username).toBe("");
  });

  it("never throws on hostile shapes", () => {
    const hostile: Record<string, unknown>[] = [
      { emails: "nope", name: 5, addresses: {}, phoneNumbers: [null, 1, "x"] },
      { emails: [{ value: 5 }, { value: null }], active: {} },
      { [ENTERPRISE_USER_URN]: "x", userName: ["a"] },
      { [ENTERPRISE_USER_URN]: { manager: null } },
    ];
    for (const resource of hostile) expect(() => normalizeScimUser(resource)).not.toThrow();
  });
});

describe("normalizeScimUser properties", () => {
  const key = fc.constantFrom(
    "userName",
    "name",
    "emails",
    "active",
    "title",
    "displayName",
    "addresses",
    "phoneNumbers",
    "userType",
    ENTERPRISE_USER_URN,
    `${ENTERPRISE_USER_URN}:manager`,
  );
  const resource = fc.dictionary(key, fc.anything({ maxDepth: 3 }), { maxKeys: 8 });

  it("never throws and always yields a string username and a known state", () => {
    fc.assert(
      fc.property(resource, fc.option(fc.string(), { nil: undefined }), (r, ext) => {
        const fields = normalizeScimUser(r, ext);
        expect(typeof fields.username).toBe("string");
        expect(["active", "inactive"]).toContain(fields.state);
        for (const value of Object.values(fields.customAttributes)) {
          expect(value).not.toBeUndefined();
          expect(value).not.toBeNull();
        }
      }),
    );
  });
});

describe("normalizeScimGroup", () => {
  it("uses displayName", () => {
    expect(normalizeScimGroup({ displayName: " Engineering " })).toEqual({ name: "Engineering" });
    expect(normalizeScimGroup({})).toEqual({ name: "" });
  });
});
