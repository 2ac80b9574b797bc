/**
 * Splits a list for statements that bind one parameter per item: Postgres allows at most
 * 65,535 bind parameters per statement, and a 100,000-member group would pass that.
 */
export function chunks<T>(items: readonly T[], size = 5000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
