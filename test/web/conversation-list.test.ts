import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../../web/src/lib/list-filters.ts';
import { appendPage, applyFields, matchesFilters, upsertConversation } from '../../web/src/lib/conversation-list.ts';
import { conversation, fields } from './fixtures.ts';

const users = [
  { id: 7, name: 'Ada' },
  { id: 8, name: 'Grace' },
];

describe('conversation list', () => {
  it('a new message moves its conversation to the top', () => {
    const list = [conversation({ id: 1, lastMessageAt: '2026-03-10T12:00:00Z' }), conversation({ id: 2, lastMessageAt: '2026-03-10T11:00:00Z' })];
    const moved = upsertConversation(list, applyFields(list[1]!, fields(list[1]!, { lastMessageAt: '2026-03-10T12:05:00Z', preview: 'new!' }), users));
    expect(moved.map((c) => c.id)).toEqual([2, 1]);
    expect(moved[0]!.preview).toBe('new!');
  });

  it('takes live fields and names the assignee from the users list', () => {
    const row = conversation({ id: 1, assignee: { id: 7, name: 'Ada' } });
    expect(applyFields(row, fields(row, { assigneeId: 8 }), users).assignee).toEqual({ id: 8, name: 'Grace' });
    expect(applyFields(row, fields(row, { assigneeId: 7 }), []).assignee).toEqual({ id: 7, name: 'Ada' });
    expect(applyFields(row, fields(row, { assigneeId: null }), users).assignee).toBeNull();
    expect(applyFields(row, fields(row, { status: 'snoozed', snoozedUntil: '2026-03-11T09:00:00Z' }), users)).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-03-11T09:00:00Z' });
  });

  it('appending a page skips rows a live event already added', () => {
    const list = [conversation({ id: 3 })];
    expect(appendPage(list, [conversation({ id: 3 }), conversation({ id: 4 })]).map((c) => c.id)).toEqual([3, 4]);
  });

  it('decides whether a conversation fetched live belongs under the filters', () => {
    const mine = conversation({ id: 1, assignee: { id: 7, name: 'Ada' }, unreadCount: 2, platform: 'tiktok' });
    expect(matchesFilters(mine, NO_FILTERS, 7)).toBe(true);
    expect(matchesFilters(mine, { ...NO_FILTERS, assignee: 'me' }, 7)).toBe(true);
    expect(matchesFilters(mine, { ...NO_FILTERS, assignee: 'me' }, 8)).toBe(false);
    expect(matchesFilters(mine, { ...NO_FILTERS, assignee: 'unassigned' }, 7)).toBe(false);
    expect(matchesFilters(mine, { ...NO_FILTERS, platform: 'whatsapp' }, 7)).toBe(false);
    expect(matchesFilters({ ...mine, unreadCount: 0 }, { ...NO_FILTERS, unread: 'unread' }, 7)).toBe(false);
    expect(matchesFilters(mine, { ...NO_FILTERS, status: 'resolved' }, 7)).toBe(false);
  });
});
