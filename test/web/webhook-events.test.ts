import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../src/contract/webhook-subscriptions.ts';
import { WEBHOOK_EVENTS } from '../../web/src/lib/webhook-events.ts';
import { resources } from '../../web/src/i18n/resources.ts';

describe('the integrations page’s events', () => {
  it('are the contract’s events, each described in every language', () => {
    expect([...WEBHOOK_EVENTS]).toEqual([...WEBHOOK_EVENT_TYPES]);
    for (const language of Object.values(resources)) {
      const described = Object.keys(language['settings-integrations'].events).sort();
      expect(described).toEqual(WEBHOOK_EVENT_TYPES.map((e) => e.replace('.', '_')).sort());
    }
  });
});
