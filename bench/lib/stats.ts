/** Percentiles and medians for benchmark figures: linear interpolation between closest ranks. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Several rounds of one measurement: the median of each figure over the rounds. */
export function medianOf<T extends Record<string, number>>(rounds: readonly T[]): T {
  const keys = Object.keys(rounds[0] ?? {}) as (keyof T)[];
  return Object.fromEntries(keys.map((k) => [k, median(rounds.map((r) => r[k]))])) as T;
}

/** a / b, or NaN when b is not a positive number. */
export const ratio = (a: number, b: number): number => (b > 0 ? a / b : Number.NaN);
