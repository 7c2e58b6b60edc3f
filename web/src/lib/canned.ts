import type { CannedResponse } from '../api/types.ts';

/** The shortcut being typed: the composer holds only "/word" (no spaces yet). */
export function cannedQuery(text: string): string | null {
  const m = /^\/([\p{L}\p{N}_-]*)$/u.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

/** Responses whose shortcut starts with the query (then contains it), at most `limit`. */
export function matchCanned(responses: readonly CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = query.toLowerCase().replace(/^\//, '');
  const name = (r: CannedResponse) => r.shortcut.toLowerCase().replace(/^\//, '');
  const starts = responses.filter((r) => name(r).startsWith(q));
  const contains = responses.filter((r) => !name(r).startsWith(q) && name(r).includes(q));
  return [...starts, ...contains].slice(0, limit);
}
