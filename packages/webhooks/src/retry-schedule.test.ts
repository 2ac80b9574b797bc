import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE_MS, retryDelayMs } from "./index";

const DAY = 86_400_000;
const scheduleArb = fc.array(fc.integer({ min: 0, max: 7 * DAY }), { minLength: 1, maxLength: 20 });
/** Math.random's range, both ends included, so the extremes get drawn. */
const randomArb = fc.oneof(
  fc.constantFrom(0, 0.5, 1 - Number.EPSILON),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
);

function totalDelay(random: () => number): number {
  let total = 0;
  for (let attemptsMade = 1; ; attemptsMade++) {
    const delay = retryDelayMs(attemptsMade, DEFAULT_RETRY_SCHEDULE_MS, random);
    if (delay === undefined) return total;
    total += delay;
  }
}

describe("DEFAULT_RETRY_SCHEDULE_MS", () => {
  it("is 1m, 5m, 30m, 1h, 3h, 6h, 12h, 24h, 24h: ten attempts in all", () => {
    const minutes = DEFAULT_RETRY_SCHEDULE_MS.map((ms) => ms / 60_000);
    expect(minutes).toEqual([1, 5, 30, 60, 180, 360, 720, 1440, 1440]);
  });

  it("spans 2.5 to 3.5 days even when every delay draws the same jitter extreme", () => {
    for (const random of [() => 0, () => 1 - Number.EPSILON, () => 0.5]) {
      const total = totalDelay(random);
      expect(total).toBeGreaterThanOrEqual(2.5 * DAY);
      expect(total).toBeLessThanOrEqual(3.5 * DAY);
    }
    fc.assert(
      fc.property(fc.array(randomArb, { minLength: 9, maxLength: 9 }), (draws) => {
        let i = 0;
        const total = totalDelay(() => draws[i++ % draws.length] ?? 0);
        expect(total).toBeGreaterThanOrEqual(2.5 * DAY);
        expect(total).toBeLessThanOrEqual(3.5 * DAY);
      }),
    );
  });
});

describe("retryDelayMs", () => {
  it("stays within ±20% (and at most an hour) of the scheduled delay, as a non-negative integer", () => {
    fc.assert(
      fc.property(scheduleArb, fc.nat(), randomArb, (schedule, index, draw) => {
        const attemptsMade = (index % schedule.length) + 1;
        const base = schedule[attemptsMade - 1] ?? 0;
        const delay = retryDelayMs(attemptsMade, schedule, () => draw);
        expect(delay).toBeDefined();
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(Math.max(0, Math.floor(base * 0.8)));
        expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.2));
        expect(Math.abs((delay ?? 0) - base)).toBeLessThanOrEqual(3_600_000);
      }),
    );
  });

  it("is undefined exactly when every scheduled retry has been used", () => {
    fc.assert(
      fc.property(
        scheduleArb,
        fc.integer({ min: 1, max: 40 }),
        randomArb,
        (schedule, made, draw) => {
          const delay = retryDelayMs(made, schedule, () => draw);
          expect(delay === undefined).toBe(made > schedule.length);
        },
      ),
    );
  });

  it("uses schedule[0] after the first attempt and jitters both ways", () => {
    expect(retryDelayMs(1, [1000], () => 0.5)).toBe(1000);
    expect(retryDelayMs(1, [1000], () => 0)).toBe(800);
    expect(retryDelayMs(1, [1000], () => 1 - Number.EPSILON)).toBe(1200);
    expect(retryDelayMs(2, [1000, 5000], () => 0.5)).toBe(5000);
  });

  it("spreads retries that failed together", () => {
    const delays = new Set(
      Array.from({ length: 50 }, () => retryDelayMs(3, DEFAULT_RETRY_SCHEDULE_MS)),
    );
    expect(delays.size).toBeGreaterThan(40);
  });

  it("keeps a broken random source inside the band", () => {
    expect(retryDelayMs(1, [1000], () => 7)).toBe(1200);
    expect(retryDelayMs(1, [1000], () => -3)).toBe(800);
    expect(retryDelayMs(1, [1000], () => Number.NaN)).toBe(1000);
  });

  it("asks for no wait before the first attempt and refuses nonsense counts", () => {
    expect(retryDelayMs(0, DEFAULT_RETRY_SCHEDULE_MS)).toBe(0);
    expect(() => retryDelayMs(-1, DEFAULT_RETRY_SCHEDULE_MS)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5, DEFAULT_RETRY_SCHEDULE_MS)).toThrow(RangeError);
  });
});
