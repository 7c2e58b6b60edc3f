import { describe, expect, it } from 'vitest';
import { compareConversations, leavesList, matchesFilters, slaState, upsertConversation } from '../../web/src/lib/conversation-list.ts';
import { DEFAULT_FILTERS, filtersFromSearch, hasScope, searchOfFilters } from '../../web/src/lib/list-filters.ts';
import { slaLabel } from '../../web/src/lib/sla-label.ts';
import { i18next } from '../../web/src/i18n/i18n.ts';
import { conversation } from './fixtures.ts';

const now = new Date('2026-10-27T08:45:00Z');
const clock = (warnAt: string, dueAt: string) => ({ kind: 'first' as const, warnAt, dueAt, breachedAt: null });

describe('SLA in the inbox list', () => {
  it('judges a clock as the server does: on time, at risk from its warning time, breached from its due time', () => {
    const sla = clock('2026-10-27T08:30:00.000Z', '2026-10-27T09:00:00.000Z');
    expect(slaState(null, now)).toBeNull();
    expect(slaState(sla, new Date('2026-10-27T08:29:59Z'))).toBe('due');
    expect(slaState(sla, new Date('2026-10-27T08:30:00Z'))).toBe('at_risk');
    expect(slaState(sla, new Date('2026-10-27T09:00:00Z'))).toBe('breached');
  });

  it('words the chip with time left or how long overdue, and names the target', async () => {
    await i18next.changeLanguage('en');
    const sla = clock('2026-10-27T08:30:00.000Z', '2026-10-27T09:00:00.000Z');
    expect(slaLabel(sla, new Date('2026-10-27T06:00:00Z'), 'en')).toMatchObject({ state: 'due', text: 'SLA 3h' });
    expect(slaLabel(sla, now, 'en')).toMatchObject({ state: 'at_risk', text: 'At risk: 15m left' });
    expect(slaLabel(sla, new Date('2026-10-27T09:05:00Z'), 'en')).toMatchObject({ state: 'breached', text: 'Overdue 5m' });
    expect(slaLabel(sla, now, 'en')?.title).toMatch(/^First response due /);
    expect(slaLabel({ ...sla, kind: 'next' }, now, 'en')?.title).toMatch(/^Next response due /);
    expect(slaLabel(null, now, 'en')).toBeNull();
    await i18next.changeLanguage('de');
    expect(slaLabel(sla, new Date('2026-10-27T09:05:00Z'), 'de')?.text).toBe('Überfällig seit 5 Min.');
    await i18next.changeLanguage('es');
    expect(slaLabel(sla, now, 'es')?.text).toBe('En riesgo: quedan 15min');
    await i18next.changeLanguage('en');
  });

  it('orders by the nearest due time like sort=sla, rows without a clock after them newest first', () => {
    const later = conversation({ id: 1, sla: clock('2026-10-27T10:00:00.000Z', '2026-10-27T11:00:00.000Z') });
    const sooner = conversation({ id: 2, sla: clock('2026-10-27T08:30:00.000Z', '2026-10-27T09:00:00.000Z') });
    const none = conversation({ id: 3, lastMessageAt: '2026-10-27T12:00:00.000Z' });
    const noneOlder = conversation({ id: 4, lastMessageAt: '2026-10-26T12:00:00.000Z' });
    expect([none, later, noneOlder, sooner].sort((a, b) => compareConversations(a, b, 'sla')).map((c) => c.id)).toEqual([2, 1, 3, 4]);
    expect(upsertConversation([sooner, later], { ...later, sla: clock('2026-10-27T07:00:00.000Z', '2026-10-27T08:00:00.000Z') }, 'sla').map((c) => c.id)).toEqual([1, 2]);
  });

  it('keeps the dashboard’s SLA view in the address as a scope the agent can widen', () => {
    const view = filtersFromSearch('?status=any&sla=breached&sort=sla');
    expect(view).toEqual({ ...DEFAULT_FILTERS, status: '', sla: 'breached', sort: 'sla' });
    expect(hasScope(view)).toBe(true);
    expect(searchOfFilters(view)).toBe('?status=any&sla=breached&sort=sla');
    expect(filtersFromSearch('?sla=late')).toEqual(DEFAULT_FILTERS);
  });

  it('a row leaves the breached view once answered (no clock), and only breached rows match it', () => {
    const filters = { ...DEFAULT_FILTERS, status: '' as const, sla: 'breached' as const };
    const breached = conversation({ id: 5, sla: clock('2026-10-27T08:00:00.000Z', '2026-10-27T08:30:00.000Z') });
    const atRisk = conversation({ id: 6, sla: clock('2026-10-27T08:30:00.000Z', '2026-10-27T09:00:00.000Z') });
    expect(matchesFilters(breached, filters, null, now)).toBe(true);
    expect(matchesFilters(atRisk, filters, null, now)).toBe(false);
    expect(matchesFilters(atRisk, { ...filters, sla: 'at_risk' }, null, now)).toBe(true);
    expect(leavesList({ ...breached, sla: null }, filters, null)).toBe(true);
  });
});
