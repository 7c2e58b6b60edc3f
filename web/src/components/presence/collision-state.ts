import type { ConversationActivity } from '../../api/presence-api.ts';

/** How long an announcement holds without a repeat (clients repeat typing every few seconds, viewing every 15 s). */
export interface CollisionTiming {
  typingMs: number;
  viewingMs: number;
}
export const COLLISION_TIMING: CollisionTiming = { typingMs: 6000, viewingMs: 45_000 };
/** How often this tab repeats its own announcements. */
export const TYPING_REPEAT_MS = 2500;
export const VIEWING_REPEAT_MS = 15_000;

/** Per other agent: until when they count as typing and as viewing (ms since the epoch, by the local clock). */
export type CollisionState = ReadonlyMap<number, { typingUntil: number; viewingUntil: number }>;

/**
 * An announcement of another agent applied at `now`: typing makes them typing and viewing,
 * viewing makes them viewing (and no longer typing only when they said so by leaving), `left`
 * forgets them. Times are the receiver's, so clocks of other machines never matter.
 */
export function applyActivity(state: CollisionState, activity: Pick<ConversationActivity, 'userId' | 'kind'>, now: number, timing: CollisionTiming = COLLISION_TIMING): CollisionState {
  const next = new Map(state);
  const was = state.get(activity.userId) ?? { typingUntil: 0, viewingUntil: 0 };
  if (activity.kind === 'left') next.delete(activity.userId);
  else if (activity.kind === 'typing') next.set(activity.userId, { typingUntil: now + timing.typingMs, viewingUntil: now + timing.viewingMs });
  else next.set(activity.userId, { typingUntil: was.typingUntil, viewingUntil: now + timing.viewingMs });
  return next;
}

/** Who is typing, and who is viewing without typing, at `now`; and when that next changes by itself. */
export function whoIsThere(state: CollisionState, now: number): { typing: number[]; viewing: number[]; nextChangeAt: number | null } {
  const typing: number[] = [];
  const viewing: number[] = [];
  let next: number | null = null;
  const consider = (t: number) => {
    if (t > now && (next === null || t < next)) next = t;
  };
  for (const [userId, e] of state) {
    if (e.typingUntil > now) typing.push(userId);
    else if (e.viewingUntil > now) viewing.push(userId);
    consider(e.typingUntil);
    consider(e.viewingUntil);
  }
  return { typing, viewing, nextChangeAt: next };
}
