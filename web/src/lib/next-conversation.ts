/** What the choice of the next conversation reads of a list row. */
export interface Row {
  id: number;
  status: string;
  waitingSince: string | null;
}

const waiting = (r: Row) => r.waitingSince !== null && (r.status === 'open' || r.status === 'pending');

/**
 * Where Resolve-and-next goes from `current`, in the order of the view the agent is in: the next
 * row below whose customer waits for an answer, else the first such row above (the list wraps);
 * with nobody waiting, the next row (or the one before, at the end) — never `current` itself.
 * Null when the view has nothing else.
 */
export function nextConversation(rows: readonly Row[], current: number): number | null {
  const at = rows.findIndex((r) => r.id === current);
  const after = at < 0 ? rows : rows.slice(at + 1);
  const before = at < 0 ? [] : rows.slice(0, at);
  const next = [...after, ...before].find((r) => r.id !== current && waiting(r));
  if (next) return next.id;
  const neighbour = after.find((r) => r.id !== current) ?? [...before].reverse().find((r) => r.id !== current);
  return neighbour?.id ?? null;
}
