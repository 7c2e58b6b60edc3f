export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Split a plain-text snippet into marked and unmarked pieces from `[start, end)` ranges. The
 * ranges are clamped, sorted and merged, so a sloppy or overlapping answer still renders; the
 * pieces are rendered as text nodes, never as HTML.
 */
export function highlightSegments(snippet: string, ranges: readonly (readonly [number, number])[] | undefined): Segment[] {
  const clean = (ranges ?? [])
    .map(([s, e]) => [Math.max(0, Math.min(s, snippet.length)), Math.max(0, Math.min(e, snippet.length))] as [number, number])
    .filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e) && e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of clean) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: snippet.slice(at, s), mark: false });
    out.push({ text: snippet.slice(s, e), mark: true });
    at = e;
  }
  if (at < snippet.length || out.length === 0) out.push({ text: snippet.slice(at), mark: false });
  return out;
}
