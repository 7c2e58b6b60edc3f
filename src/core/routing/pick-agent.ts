import type { TeamStrategy } from '../../db/schema.ts';

/** A member of a team who could take a conversation now (online), with what they already hold. */
export interface Candidate {
  userId: number;
  /** Their open and pending conversations, in every team. */
  open: number;
  /** When the team last gave them one (null: never). */
  lastAssignedAt: Date | null;
}

/**
 * Who of the team's online members gets the next conversation, or null when nobody may take one
 * (no one online, everyone at the cap, or the team assigns by hand).
 *
 * Round robin gives it to whoever has waited longest since their last one (never first), so an
 * agent who was offline during a rush comes back to the front of the line instead of being owed
 * a burst; least busy gives it to whoever holds fewest open conversations, in turn among equals.
 * Ties go to the lower user id, so every instance decides alike.
 */
export function pickAgent(strategy: TeamStrategy, candidates: readonly Candidate[], cap: number | null): number | null {
  if (strategy === 'manual') return null;
  const free = candidates.filter((c) => cap === null || c.open < cap);
  if (free.length === 0) return null;
  const byTurn = (a: Candidate, b: Candidate) => time(a.lastAssignedAt) - time(b.lastAssignedAt) || a.userId - b.userId;
  const order = strategy === 'least_busy' ? (a: Candidate, b: Candidate) => a.open - b.open || byTurn(a, b) : byTurn;
  return [...free].sort(order)[0]!.userId;
}

const time = (d: Date | null) => (d ? d.getTime() : Number.NEGATIVE_INFINITY);
