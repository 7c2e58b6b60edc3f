import { describe, expect, it } from 'vitest';
import { carries, suggestLabels } from '../../web/src/lib/label-suggestions.ts';

const ALL = [
  { name: 'billing', color: '#15803d' },
  { name: 'refund', color: '#b91c1c' },
  { name: 'vip', color: '#6d28d9' },
  { name: 'VIP-lounge', color: '#1d4ed8' },
];
const names = (s: { matches: { name: string }[] }) => s.matches.map((m) => m.name);

describe('label suggestions in the inbox', () => {
  it('offers the existing label for a different case and stray spaces, first, and proposes no new one', () => {
    const s = suggestLabels(ALL, [], 'VIP ', { mayCreate: true });
    expect(s.exact?.name).toBe('vip');
    expect(names(s)).toEqual(['vip', 'VIP-lounge']);
    expect(s.create).toBeNull();
  });

  it('matches case-insensitively, starting ones before containing ones, without those already carried', () => {
    expect(names(suggestLabels(ALL, [], 'UND', { mayCreate: false }))).toEqual(['refund']);
    expect(names(suggestLabels(ALL, ['Refund'], 'f', { mayCreate: false }))).toEqual([]);
    expect(names(suggestLabels(ALL, [], 'i', { mayCreate: false }))).toEqual(['billing', 'vip', 'VIP-lounge']);
    expect(names(suggestLabels(ALL, [], '', { mayCreate: true, limit: 2 }))).toEqual(['billing', 'refund']);
  });

  it('proposes a new label only to whoever may create one, and only for a new name', () => {
    expect(suggestLabels(ALL, [], ' Urgent ', { mayCreate: true }).create).toBe('Urgent');
    expect(suggestLabels(ALL, [], 'Urgent', { mayCreate: false }).create).toBeNull();
    expect(suggestLabels(ALL, [], '  ', { mayCreate: true }).create).toBeNull();
  });

  it('knows a carried label whatever its case', () => {
    expect(carries(['vip'], ' VIP')).toBe(true);
    expect(carries(['vip'], 'vipx')).toBe(false);
  });
});
