const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Delays before attempts 2..10 of a delivery: 10 attempts over about 2.9 days, so a receiver
 * that is down over a weekend still gets its events (Svix and Stripe retry for about 3 days).
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  MINUTE,
  5 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  24 * HOUR,
]);

/** Jitter is ±20% of the delay so deliveries that failed together do not retry together. */
export const RETRY_JITTER_FRACTION = 0.2;

/**
 * Jitter never moves a retry by more than an hour: ±20% of the 24 h steps alone would let the
 * whole schedule drift from about 2.35 to 3.5 days, far from the "about three days" promised.
 * An hour still spreads a burst of failures far apart.
 */
export const RETRY_JITTER_MAX_MS = HOUR;

/**
 * Milliseconds to wait before the next attempt after `attemptsMade` attempts, jittered;
 * `undefined` once the schedule is exhausted and the delivery should be marked failed.
 */
export function retryDelayMs(
  attemptsMade: number,
  schedule: readonly number[],
  random: () => number = Math.random,
): number | undefined {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 0) {
    throw new RangeError(`attemptsMade must be a non-negative integer, got ${attemptsMade}`);
  }
  if (attemptsMade === 0) return 0;
  const base = schedule[attemptsMade - 1];
  if (base === undefined) return undefined;
  const spread = Math.min(base * RETRY_JITTER_FRACTION, RETRY_JITTER_MAX_MS);
  // random() should be in [0, 1); clamping keeps a misbehaving source inside the band.
  const drawn = random();
  const unit = Number.isFinite(drawn) ? Math.min(Math.max(drawn, 0), 1) : 0.5;
  return Math.max(0, Math.round(base + spread * (2 * unit - 1)));
}
