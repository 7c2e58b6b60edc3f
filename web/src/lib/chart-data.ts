import type { Metrics } from '../api/types.ts';

export interface DayStack {
  day: string;
  total: number;
  segments: { platform: string; value: number }[];
}

/** Every day from `days-1` days before `today` to `today`, as YYYY-MM-DD (UTC, as the API reports days). */
export function dayRange(today: string, days: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(new Date(end - i * 86400_000).toISOString().slice(0, 10));
  return out;
}

/** Messages per day (inbound + outbound), stacked by platform in `order` (the registry's, from GET /api/v1/platforms; a platform not in it goes last); empty days are zero. */
export function stackVolume(volume: Metrics['volumeByDay'], days: readonly string[], order: readonly string[]): DayStack[] {
  const platforms = [...new Set([...order, ...volume.map((v) => v.platform)])];
  const byDay = new Map<string, Map<string, number>>();
  for (const v of volume) {
    const m = byDay.get(v.day) ?? new Map<string, number>();
    m.set(v.platform, (m.get(v.platform) ?? 0) + v.inbound + v.outbound);
    byDay.set(v.day, m);
  }
  return days.map((day) => {
    const m = byDay.get(day);
    const segments = platforms.map((platform) => ({ platform, value: m?.get(platform) ?? 0 })).filter((s) => s.value > 0);
    return { day, total: segments.reduce((n, s) => n + s.value, 0), segments };
  });
}

/** A round axis maximum at or above `n`: 1, 2, 5 × 10^k. */
export function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const f of [1, 2, 5, 10]) if (f * p >= n) return f * p;
  return 10 * p;
}
