import { useState, type KeyboardEvent, type RefObject } from 'react';
import type { TeamMember } from '../../api/presence-api.ts';
import { useUsers } from '../../pages/inbox/use-users.ts';
import { insertMention, matchAgents, mentionQuery } from './mention-query.ts';

/**
 * The `@` autocomplete of the note composer: the organisation's agents whose name starts with
 * what follows the `@` before the caret; ↑/↓ choose, Enter or Tab inserts `@Name ` (as the
 * server's parser reads it: src/core/mentions/find-mentions.ts), Escape dismisses this `@`.
 */
export function useMentionPicker(input: { enabled: boolean; text: string; setText: (t: string) => void; textarea: RefObject<HTMLTextAreaElement | null>; meId: number }) {
  const { enabled, text, setText, textarea, meId } = input;
  const users = useUsers();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const query = enabled ? mentionQuery(text, Math.min(caret, text.length)) : null;
  const matches = query && query.start !== dismissed ? matchAgents(users, query.query, meId) : [];
  const current = Math.min(active, matches.length - 1);

  const pick = (agent: TeamMember) => {
    if (!query) return;
    const next = insertMention(text, query.start, Math.min(caret, text.length), agent.name);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    window.requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  /** True when the key was the menu's. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (matches.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    else if (e.key === 'Enter' || e.key === 'Tab') pick(matches[current]!);
    else if (e.key === 'Escape') setDismissed(query?.start ?? null);
    else return false;
    e.preventDefault();
    return true;
  };
  /** Where the caret is now (after typing, clicking, moving with the keys); a new `@` starts the choice over. */
  const track = (el: HTMLTextAreaElement) => {
    setCaret(el.selectionStart ?? el.value.length);
    if (dismissed !== null && mentionQuery(el.value, el.selectionStart ?? 0)?.start !== dismissed) setDismissed(null);
  };
  return { matches, current, pick, onKeyDown, track, reset: () => setActive(0) };
}
