import { describe, expect, it } from 'vitest';
import { compareConversations, leavesList, matchesFilters, upsertConversation } from '../../web/src/lib/conversation-list.ts';
import { DEFAULT_FILTERS, filtersFromSearch, inboxHref, isFiltered, NO_FILTERS, searchOfFilters } from '../../web/src/lib/list-filters.ts';
import { conversation } from './fixtures.ts';

describe('the inbox view in the address', () => {
  it('opens on open conversations, newest first, with an empty query string', () => {
    expect(filtersFromSearch('')).toEqual(DEFAULT_FILTERS);
    expect(DEFAULT_FILTERS.status).toBe('open');
    expect(searchOfFilters(DEFAULT_FILTERS)).toBe('');
    expect(isFiltered(DEFAULT_FILTERS)).toBe(false);
  });

  it('round-trips every filter, order and "every status" through the query string', () => {
    const view = { platform: 'whatsapp', status: '', assignee: 'me', unread: 'unanswered', waiting: true, label: 'VIP Kunde', sort: 'waiting' } as const;
    const search = searchOfFilters(view);
    expect(search).toContain('status=any');
    expect(filtersFromSearch(search)).toEqual(view);
    expect(isFiltered(view)).toBe(true);
  });

  it('falls back to the default for values it does not know, and keeps other parameters', () => {
    expect(filtersFromSearch('?status=closed&sort=alphabet&assignee=someone&unread=yes&channelId=-1&createdFrom=yesterday')).toEqual(DEFAULT_FILTERS);
    expect(searchOfFilters({ ...DEFAULT_FILTERS, sort: 'priority' }, '?q=refund&status=resolved')).toBe('?q=refund&sort=priority');
  });

  it('keeps a dashboard link’s agent, channel and created-at days, and writes them back', () => {
    const search = '?status=any&assignee=42&channelId=7&createdFrom=2026-11-02&createdTo=2026-11-08';
    const view = filtersFromSearch(search);
    expect(view).toEqual({ ...DEFAULT_FILTERS, status: '', assigneeId: 42, channelId: 7, createdFrom: '2026-11-02', createdTo: '2026-11-08' });
    expect(isFiltered({ ...DEFAULT_FILTERS, createdFrom: '2026-11-02' })).toBe(true);
    expect(new URLSearchParams(searchOfFilters(view))).toEqual(new URLSearchParams(search));
  });

  it("builds conversation links that keep the view and the search but not another conversation's search hit", () => {
    expect(inboxHref(42, '?sort=waiting&q=parcel&m=9')).toBe('/inbox/42?sort=waiting&q=parcel');
    expect(inboxHref(42, '?q=parcel', 7)).toBe('/inbox/42?q=parcel&m=7');
    expect(inboxHref(null, '')).toBe('/inbox');
  });
});

describe('the list order and membership as the server decides them', () => {
  const waitingOld = conversation({ id: 1, waitingSince: '2026-03-10T08:00:00Z', lastMessageAt: '2026-03-10T08:00:00Z' });
  const waitingNew = conversation({ id: 2, waitingSince: '2026-03-10T11:00:00Z', lastMessageAt: '2026-03-10T11:00:00Z' });
  const answered = conversation({ id: 3, waitingSince: null, lastMessageAt: '2026-03-10T12:00:00Z' });

  it('sorts by longest wait, then the unanswered-free newest first; by priority, urgent first', () => {
    const rows = [answered, waitingNew, waitingOld];
    expect([...rows].sort((a, b) => compareConversations(a, b, 'waiting')).map((c) => c.id)).toEqual([1, 2, 3]);
    expect([...rows].sort((a, b) => compareConversations(a, b)).map((c) => c.id)).toEqual([3, 2, 1]);
    const urgent = { ...waitingOld, priority: 'urgent' as const };
    expect(upsertConversation([answered, waitingNew], urgent, 'priority').map((c) => c.id)).toEqual([1, 3, 2]);
  });

  it('"unread or unanswered" keeps a read conversation whose customer waits; "waiting" and a label narrow it', () => {
    const readWaiting = { ...waitingOld, unreadCount: 0 };
    expect(matchesFilters(readWaiting, { ...NO_FILTERS, unread: 'unread' }, 7)).toBe(false);
    expect(matchesFilters(readWaiting, { ...NO_FILTERS, unread: 'unanswered' }, 7)).toBe(true);
    expect(matchesFilters(answered, { ...NO_FILTERS, waiting: true }, 7)).toBe(false);
    expect(matchesFilters({ ...answered, labels: ['VIP'] }, { ...NO_FILTERS, label: 'vip' }, 7)).toBe(true);
  });

  it('a row leaves the view it no longer matches, but not for having been read', () => {
    expect(leavesList({ ...waitingOld, status: 'resolved' }, DEFAULT_FILTERS, 7)).toBe(true);
    expect(leavesList({ ...waitingOld, unreadCount: 0 }, { ...DEFAULT_FILTERS, unread: 'unread' }, 7)).toBe(false);
    expect(leavesList(answered, { ...DEFAULT_FILTERS, waiting: true }, 7)).toBe(true);
    // Without knowing who "me" is, "mine" is not judged.
    expect(leavesList(answered, { ...DEFAULT_FILTERS, assignee: 'me' }, null)).toBe(false);
  });
});
