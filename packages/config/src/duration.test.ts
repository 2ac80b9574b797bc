import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDuration, parseDurationList } from "./duration";

describe("parseDuration", () => {
  it("reads every unit", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("1.5m")).toBe(90_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("5d")).toBe(432_000_000);
  });

  it("rejects bare numbers, unknown units and junk", () => {
    for (const bad of ["30", "5 weeks", "-1s", "s", "", "1e3s", "5D"]) {
      expect(parseDuration(bad)).toBeUndefined();
    }
  });

  it("round-trips any whole number of any unit", () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.constantFrom("ms", "s", "m", "h"), (n, unit) => {
        const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
        expect(parseDuration(`${n}${unit}`)).toBe(n * factor);
      }),
    );
  });
});

describe("parseDurationList", () => {
  it("reads a comma-separated list, or nothing if any item is bad", () => {
    expect(parseDurationList("1m, 5m,1h")).toEqual([60_000, 300_000, 3_600_000]);
    expect(parseDurationList("1m,oops")).toBeUndefined();
  });
});
