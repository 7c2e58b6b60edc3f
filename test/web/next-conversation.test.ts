import { describe, expect, it } from 'vitest';
import { nextConversation, type Row } from '../../web/src/lib/next-conversation.ts';

const row = (id: number, waiting: boolean, status = 'open'): Row => ({ id, status, waitingSince: waiting ? '2026-12-03T00:00:00Z' : null });

/** Resolve-and-next (issue "The inbox an agent would choose", item 5). */
describe('the conversation after a resolve', () => {
  it('is the next waiting one below, passing over those answered, snoozed or resolved', () => {
    const rows = [row(1, true), row(2, false), row(3, true, 'snoozed'), row(4, true, 'resolved'), row(5, true, 'pending'), row(6, true)];
    expect(nextConversation(rows, 1)).toBe(5);
    expect(nextConversation(rows, 5)).toBe(6);
  });

  it('wraps to the first waiting one above when none waits below', () => {
    expect(nextConversation([row(1, false), row(2, true), row(3, false), row(4, false)], 3)).toBe(2);
  });

  it('with nobody waiting: the next row, or the one before at the end; nothing when the view holds only this one', () => {
    const rows = [row(1, false), row(2, false), row(3, false)];
    expect(nextConversation(rows, 1)).toBe(2);
    expect(nextConversation(rows, 3)).toBe(2);
    expect(nextConversation([row(7, true)], 7)).toBeNull();
    expect(nextConversation([], 7)).toBeNull();
  });

  it('from a conversation not in the view (opened from a link): the first waiting one', () => {
    expect(nextConversation([row(1, false), row(2, true)], 9)).toBe(2);
    expect(nextConversation([row(1, false), row(2, false)], 9)).toBe(1);
  });
});
