import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./rate-limit";

describe("TokenBuckets", () => {
  it("allows a burst of perMinute, then refills continuously", () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBe(1);
    expect(buckets.take("b")).toBe(0);
    now += 1000;
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBe(1);
  });

  it("rounds Retry-After up to whole seconds", () => {
    let now = 0;
    const buckets = new TokenBuckets(2, () => now);
    buckets.take("a");
    buckets.take("a");
    expect(buckets.take("a")).toBe(30);
    now += 29_500;
    expect(buckets.take("a")).toBe(1);
  });
});
