import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSecret, hashSecret, safeEqual, secretPrefix } from "./secrets";

describe("secrets", () => {
  it("keeps only the readable prefix and four random characters in clear", () => {
    for (let i = 0; i < 500; i++) {
      const secret = generateSecret("dsync_scim");
      const prefix = secretPrefix(secret);
      expect(prefix).toMatch(/^dsync_scim_[0-9a-f]{4}$/);
      expect(secret.startsWith(prefix)).toBe(true);
    }
  });

  it("never reveals more than four characters past the readable prefix, whatever the secret", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (secret) => {
        const prefix = secretPrefix(secret);
        const readable = /^(?:[a-z]+_)+/.exec(secret)?.[0] ?? "";
        expect(prefix.length).toBeLessThanOrEqual(readable.length + 4);
        expect(secret.startsWith(prefix)).toBe(true);
      }),
    );
  });

  it("hashes deterministically and compares in constant time", () => {
    const secret = generateSecret("whsec");
    expect(hashSecret(secret)).toBe(hashSecret(secret));
    expect(hashSecret(secret)).not.toBe(hashSecret(`${secret}x`));
    expect(safeEqual(hashSecret(secret), hashSecret(secret))).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
