import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from '../../web/src/api/types.ts';
import { changedAttributes, parseAttributeDraft } from '../../web/src/pages/contacts/attribute-draft.ts';

const def = (key: string, type: AttributeDefinition['type'], options: string[] = []): AttributeDefinition => ({ id: 1, key, label: key[0]!.toUpperCase() + key.slice(1), type, options });

/** The contact page checks typed details as the server does, before sending. */
describe('contact attribute drafts', () => {
  it('reads each type as the server stores it, and an empty box as removing the value', () => {
    expect(parseAttributeDraft(def('plan', 'text'), '  pro  ')).toEqual({ ok: true, value: 'pro' });
    expect(parseAttributeDraft(def('orders', 'number'), '12')).toEqual({ ok: true, value: 12 });
    expect(parseAttributeDraft(def('orders', 'number'), '2,5')).toEqual({ ok: true, value: 2.5 });
    expect(parseAttributeDraft(def('renewal', 'date'), '2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
    expect(parseAttributeDraft(def('tier', 'list', ['gold', 'silver']), 'gold')).toEqual({ ok: true, value: 'gold' });
    expect(parseAttributeDraft(def('tier', 'list', ['gold']), '   ')).toEqual({ ok: true, value: null });
  });

  it('refuses what the server would, naming the field', () => {
    expect(parseAttributeDraft(def('orders', 'number'), 'a dozen')).toEqual({ ok: false, reason: 'Orders must be a number' });
    expect(parseAttributeDraft(def('orders', 'number'), '1e400')).toMatchObject({ ok: false });
    expect(parseAttributeDraft(def('renewal', 'date'), '2027-02-29')).toMatchObject({ ok: false, reason: 'Renewal must be a date (YYYY-MM-DD)' });
    expect(parseAttributeDraft(def('renewal', 'date'), '01.03.2027')).toMatchObject({ ok: false });
    expect(parseAttributeDraft(def('tier', 'list', ['gold', 'silver']), 'bronze')).toEqual({ ok: false, reason: 'Tier must be one of: gold, silver' });
    expect(parseAttributeDraft(def('plan', 'text'), 'x'.repeat(1001))).toMatchObject({ ok: false });
  });

  it('sends only what changed, and holds back every field that does not fit', () => {
    const defs = [def('orders', 'number'), def('plan', 'text'), def('tier', 'list', ['gold'])];
    expect(changedAttributes(defs, { orders: 3, plan: 'pro' }, { orders: '3', plan: '', tier: 'gold' })).toEqual({ values: { plan: null, tier: 'gold' }, errors: {} });
    expect(changedAttributes(defs, { orders: 3 }, { orders: 'three', tier: 'silver' })).toEqual({
      values: {},
      errors: { orders: 'Orders must be a number', tier: 'Tier must be one of: gold' },
    });
  });
});
