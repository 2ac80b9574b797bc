const UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Milliseconds in a duration such as `250ms`, `30s`, `5m`, `2h` or `5d` (one number, one
 * unit); undefined for anything else. A bare number is rejected so no one guesses the unit.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNITS_MS[match[2] ?? ""] ?? Number.NaN);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** A duration list such as `1m,5m,30m`; undefined when any item is not a duration. */
export function parseDurationList(text: string): number[] | undefined {
  const items = text.split(",").map(parseDuration);
  return items.every((ms) => ms !== undefined) ? (items as number[]) : undefined;
}
