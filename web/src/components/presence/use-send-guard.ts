import { useCallback, useRef, useState } from 'react';
import type { Message } from '../../api/types.ts';
import { collisionWarning, type CollisionWarning } from './send-guard.ts';

/** How long before opening the conversation another agent's reply still counts as "just replied". */
const JUST_REPLIED_MS = 30_000;

/**
 * The question before a reply goes out (send-guard.ts): another agent replied since this agent
 * opened the conversation (or just before) or last sent, or is typing here. `guard(send)` sends at once when
 * there is nothing to ask; otherwise it shows the question, and a second `guard` (Enter again)
 * or `confirm` sends anyway. It never blocks: the question is always answerable.
 */
export function useSendGuard(messages: readonly Message[], meId: number, typingUserIds: readonly number[]) {
  // A reply from just before the conversation was opened counts too (the agent may not have read it).
  // The local clock against the server's timestamps: both are the real time, give or take a skew of seconds.
  const since = useRef(Date.now() - JUST_REPLIED_MS);
  const [asked, setAsked] = useState<CollisionWarning>(null);
  const go = (send: () => void) => {
    setAsked(null);
    since.current = Date.now();
    send();
  };
  const guard = (send: () => void) => {
    if (asked) return go(send);
    const warning = collisionWarning({ messages, since: since.current, meId, typingUserIds });
    if (warning) setAsked(warning);
    else go(send);
  };
  const cancel = useCallback(() => setAsked(null), []);
  return { asked, guard, cancel };
}
