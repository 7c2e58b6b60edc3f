import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../src/channels/registry.ts';
import { windowUnder } from '../../../src/core/reply-window/reply-window.ts';

const now = new Date('2026-11-21T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * 3600_000);

describe('each platform’s reply window rule (policy.replyWindow)', () => {
  for (const channel of CHANNELS) {
    const rule = channel.policy.replyWindow;
    if (!rule) continue;
    it(`${channel.id}: allows only what it says it offers, at any time, and describes itself`, () => {
      const seen = new Set<string>();
      for (const last of [null, ago(0.5), ago(23.9), ago(24), ago(47), ago(49), ago(24 * 7 - 1), ago(24 * 8)]) {
        for (const sent of [0, 5, rule.messagesPerWindow ?? 0, 50]) {
          const window = rule.at(last, now, sent);
          for (const option of window.allowed) seen.add(option);
          if (!window.open && window.allowed.length < rule.offers.length) expect(window.reason).toBeTruthy();
        }
      }
      expect([...seen].sort()).toEqual([...rule.offers].sort());
      expect(rule.description.length).toBeGreaterThan(20);
    });
  }

  it('a platform without a reply window takes text and media at any time, even before the customer writes', () => {
    for (const last of [null, ago(1), ago(24 * 365)]) {
      expect(windowUnder(undefined, last, now)).toEqual({ open: true, closesAt: null, allowed: ['text', 'media'] });
    }
  });
});
