import { describe, expect, it } from 'vitest';
import type { Message } from '../../web/src/api/types.ts';
import { createActivityMonitor } from '../../web/src/components/presence/activity-monitor.ts';
import { applyActivity, whoIsThere, type CollisionState } from '../../web/src/components/presence/collision-state.ts';
import { insertMention, matchAgents, mentionQuery, splitMentions } from '../../web/src/components/presence/mention-query.ts';
import { collisionWarning } from '../../web/src/components/presence/send-guard.ts';

/** A clock and timers the test moves by hand. */
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(nextId, { at: now + ms, fn });
      return nextId++;
    },
    clearTimer: (id: number) => void timers.delete(id),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.has(id)) {
          timers.delete(id);
          t.fn();
        }
      }
    },
  };
}

describe('the tab activity monitor', () => {
  it('reports idle after the idle time without input, active again on input, and each change once', () => {
    const clock = fakeClock();
    const reports: boolean[] = [];
    const monitor = createActivityMonitor(1000, (a) => reports.push(a), clock);
    clock.advance(600);
    monitor.touch();
    clock.advance(600);
    expect(reports).toEqual([]);
    clock.advance(400);
    expect(reports).toEqual([false]);
    clock.advance(5000);
    monitor.touch();
    monitor.touch();
    expect(reports).toEqual([false, true]);
    clock.advance(1000);
    expect(reports).toEqual([false, true, false]);
    monitor.dispose();
  });
});

describe('who is viewing or typing', () => {
  const timing = { typingMs: 6000, viewingMs: 45_000 };
  it('lets typing lapse before viewing, forgets those who left, and says when it next changes', () => {
    let state: CollisionState = new Map();
    state = applyActivity(state, { userId: 7, kind: 'typing' }, 0, timing);
    state = applyActivity(state, { userId: 8, kind: 'viewing' }, 1000, timing);
    expect(whoIsThere(state, 5999)).toEqual({ typing: [7], viewing: [8], nextChangeAt: 6000 });
    expect(whoIsThere(state, 6000)).toMatchObject({ typing: [], viewing: [7, 8] });
    state = applyActivity(state, { userId: 8, kind: 'left' }, 7000, timing);
    expect(whoIsThere(state, 7000)).toMatchObject({ typing: [], viewing: [7] });
    expect(whoIsThere(state, 45_000)).toEqual({ typing: [], viewing: [], nextChangeAt: null });
  });
});

describe('the warning before sending', () => {
  const msg = (over: Partial<Message>): Message => ({ direction: 'outbound', isPrivateNote: false, senderUserId: 2, timestamp: '2026-01-01T10:00:20Z', ...over }) as Message;
  const since = Date.parse('2026-01-01T10:00:00Z');
  it('names another agent who replied since the draft began, else who is typing, never for notes or my own replies', () => {
    expect(collisionWarning({ messages: [msg({})], since, meId: 1, typingUserIds: [] })).toEqual({ kind: 'replied', userId: 2, at: '2026-01-01T10:00:20Z' });
    expect(collisionWarning({ messages: [msg({ timestamp: '2026-01-01T09:59:00Z' })], since, meId: 1, typingUserIds: [3] })).toEqual({ kind: 'typing', userIds: [3] });
    expect(collisionWarning({ messages: [msg({ isPrivateNote: true }), msg({ senderUserId: 1 })], since, meId: 1, typingUserIds: [1] })).toBeNull();
  });
});

describe('mentions in the note composer', () => {
  const agents = [
    { id: 1, name: 'Me' },
    { id: 2, name: 'Ana Lopez' },
    { id: 3, name: 'Bo' },
  ];
  it('finds the @name being typed, offers matching agents but not me, and inserts the whole name', () => {
    expect(mentionQuery('hi @lo', 6)).toEqual({ start: 3, query: 'lo' });
    expect(mentionQuery('mail ana@example', 16)).toBeNull();
    expect(matchAgents(agents, 'lo', 1)).toEqual([agents[1]]);
    expect(matchAgents(agents, 'm', 1)).toEqual([]);
    expect(insertMention('hi @lo!', 3, 6, 'Ana Lopez')).toEqual({ text: 'hi @Ana Lopez !', caret: 14 });
  });
  it('splits a note into text and the mentions to highlight', () => {
    expect(splitMentions('@ana lopez call @Bob, @Bo', ['Ana Lopez', 'Bo'])).toEqual([
      { text: '@ana lopez', mention: true },
      { text: ' call @Bob, ', mention: false },
      { text: '@Bo', mention: true },
    ]);
  });
});
