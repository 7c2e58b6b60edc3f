import { describe, expect, it } from 'vitest';
import { nextStep, SEARCH_PLAN } from '../../../src/core/search/search.ts';

/**
 * Step 2 of the message search's pool (src/core/search/search.ts): after the first walk, walk on,
 * or the GIN index over the whole table, or from the cutoff of the index of recent messages. The
 * walks' figures are those of the benchmark datasets (bench/FINDINGS.md, "Two words, 3 December,
 * night"): 2,000 entries walked over ~3.5 hours at 10 M (~35 hours at 1 M).
 */

const HOUR_US = 3_600_000_000n;
const NEWEST = 1_796_310_000_000_000n; // 2026-12-03 13:00 UTC, in µs
/** What the first walk covered: `hours` back from the newest, `prefixed` entries with the prefix, a table of `total`. */
const walked = (hours: bigint, prefixed: number, total: number) => ({ entries: 2000, newest: String(NEWEST), us: String(NEWEST - hours * HOUR_US), prefixed, total });
const daysBack = (days: number) => NEWEST - BigInt(days * 24) * HOUR_US;

describe('after the first walk, the cheapest way to the rest of the pool', () => {
  it('two words at 10 M: from the cutoff of the recent index when it holds the pool, else walking on', () => {
    // 6 matches and 100 "packag…" in 2,000 entries over 3.5 h; the index from 37 days back
    const stop = walked(3n, 100, 10_000_000);
    expect(nextStep(stop, 6, 1000, false, daysBack(37), SEARCH_PLAN)).toEqual({ fromCutoff: true });
    // without it, the walk (the whole table's "packag…" bitmap costs more)
    expect(nextStep(stop, 6, 1000, false, null, SEARCH_PLAN)).toMatchObject({ fromCutoff: false, walk: expect.any(Number) });
    // an index too young to hold the rest of the pool (5 days: ~1,200 entries, ~240 matches) is not priced
    expect(nextStep(stop, 6, 1000, false, daysBack(5), SEARCH_PLAN)).toMatchObject({ fromCutoff: false, walk: expect.any(Number) });
  });

  it('two words at 1 M: from the cutoff, where the whole-table GIN index was chosen before', () => {
    const stop = walked(35n, 100, 1_000_000);
    expect(nextStep(stop, 4, 1000, false, null, SEARCH_PLAN)).toEqual({ fromCutoff: false });
    expect(nextStep(stop, 4, 1000, false, daysBack(400), SEARCH_PLAN)).toEqual({ fromCutoff: true });
  });

  it('a frequent word keeps walking: the recent index would read every match of 500 k messages in the heap', () => {
    // "refund": 40 in 2,000 (2 %), its prefix as often
    const stop = walked(3n, 40, 10_000_000);
    expect(nextStep(stop, 40, 1000, false, daysBack(37), SEARCH_PLAN)).toMatchObject({ fromCutoff: false, walk: expect.any(Number) });
  });

  it('a phrase goes through its pairs, never the recent index', () => {
    const stop = walked(3n, 100, 10_000_000);
    expect(nextStep(stop, 6, 1000, true, daysBack(37), SEARCH_PLAN).fromCutoff).toBe(false);
  });
});
