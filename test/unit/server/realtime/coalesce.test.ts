import { describe, expect, it } from 'vitest';
import { coalescing } from '../../../../src/server/realtime/coalesce.ts';

/** A run the test finishes by hand, recording what it was started with and what it could see. */
function controlledRuns() {
  const runs: { value: string; seen: number; finish(): void; fail(e: Error): void }[] = [];
  let state = 0;
  const run = (value: string) =>
    new Promise<void>((resolve, reject) => {
      runs.push({ value, seen: state, finish: resolve, fail: reject });
    });
  return { runs, run, change: () => state++ };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('coalescing', () => {
  it('runs once more after the current run for every request made meanwhile, and that run sees the latest state', async () => {
    const { runs, run, change } = controlledRuns();
    const refresh = coalescing((v: string) => v.split('#')[0]!, run);
    const settled: string[] = [];
    change();
    const first = refresh('u1#a').then(() => settled.push('a'));
    change();
    const second = refresh('u1#b').then(() => settled.push('b'));
    change();
    const third = refresh('u1#c').then(() => settled.push('c'));
    await flush();
    expect(runs.map((r) => r.value)).toEqual(['u1#a']);
    runs[0]!.finish();
    await first;
    await flush();
    // b and c were asked for during the first run: one run after it answers both.
    expect(settled).toEqual(['a']);
    expect(runs.map((r) => r.value)).toEqual(['u1#a', 'u1#b']);
    expect(runs[1]!.seen).toBe(3);
    runs[1]!.finish();
    await Promise.all([second, third]);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(runs).toHaveLength(2);
  });

  it('keeps keys apart, and starts afresh once a key is idle', async () => {
    const { runs, run } = controlledRuns();
    const refresh = coalescing((v: string) => v, run);
    const one = refresh('u1');
    const two = refresh('u2');
    await flush();
    expect(runs.map((r) => r.value)).toEqual(['u1', 'u2']);
    runs.forEach((r) => r.finish());
    await Promise.all([one, two]);
    const again = refresh('u1');
    await flush();
    expect(runs.map((r) => r.value)).toEqual(['u1', 'u2', 'u1']);
    runs[2]!.finish();
    await again;
  });

  it('rejects the requests a failed run answered, and a later request still runs', async () => {
    const { runs, run } = controlledRuns();
    const refresh = coalescing((v: string) => v, run);
    const first = refresh('u1');
    const waiting = refresh('u1');
    await flush();
    runs[0]!.fail(new Error('deadlock'));
    await expect(first).rejects.toThrow('deadlock');
    await flush();
    // The request made during the failed run gets its own run after it.
    expect(runs).toHaveLength(2);
    runs[1]!.fail(new Error('again'));
    await expect(waiting).rejects.toThrow('again');
    const later = refresh('u1');
    await flush();
    expect(runs).toHaveLength(3);
    runs[2]!.finish();
    await later;
  });
});
