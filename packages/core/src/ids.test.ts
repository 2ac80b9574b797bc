import { describe, expect, it } from "vitest";
import { idTime, newId, ulid } from "./ids";

describe("idTime", () => {
  it("reads back the time a ULID was made for", () => {
    const at = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    expect(idTime(`event_${ulid(at)}`)?.getTime()).toBe(at);
    const before = Date.now();
    const time = idTime(newId("directoryUser"))!.getTime();
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it("is undefined for strings that are not prefixed ULIDs", () => {
    expect(idTime("event_nope")).toBeUndefined();
    expect(idTime("01HXYZ0000000000000000000U")).toBeUndefined();
    expect(idTime("event_01hxyz0000000000000000000")).toBeUndefined();
  });
});
