import { describe, expect, it } from "vitest";
import { PROVIDER_PROFILES, profileFor } from "./profiles";

describe("profileFor", () => {
  it("knows every SCIM directory type", () => {
    for (const type of [
      "okta scim v2.0",
      "azure scim v2.0",
      "onelogin scim v2.0",
      "jump cloud scim v2.0",
      "pingfederate scim v2.0",
      "rippling scim v2.0",
      "generic scim v2.0",
    ]) {
      expect(profileFor(type).type).toBe(type);
    }
  });

  it("accepts spelling variants and falls back to the generic profile", () => {
    expect(profileFor("jumpcloud scim v2.0").type).toBe("jump cloud scim v2.0");
    expect(profileFor("Azure SCIM v2.0").type).toBe("azure scim v2.0");
    expect(profileFor("something else").type).toBe("generic scim v2.0");
  });

  it("the generic profile accepts the union of quirks and never loses data", () => {
    const generic = profileFor("generic scim v2.0");
    expect(generic.patch.createOnFilterNoMatch).toBe(true);
    expect(generic.groupPutWithoutMembers).toBe("keep");
    for (const profile of PROVIDER_PROFILES) {
      expect(profile.groupPutWithoutMembers).toBe("keep");
      expect(["resource", "noContent"]).toContain(profile.userPatchResponse);
    }
    expect(profileFor("okta scim v2.0").deletesUsers).toBe(false);
  });
});
