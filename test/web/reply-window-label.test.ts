import { describe, expect, it } from 'vitest';
import { replyWindow, windowUnder } from '../../src/core/reply-window/reply-window.ts';
import type { Platform, ReplyWindow } from '../../web/src/api/types.ts';
import { replyWindowLabel, replyWindowReason } from '../../web/src/lib/reply-window-label.ts';
import { formatDuration } from '../../web/src/lib/time-format.ts';

const now = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

/** The window exactly as the API sends it: the server's own rules, through JSON. */
function wire(platform: Platform, lastInboundHoursAgo: number | null, sent = 0): ReplyWindow {
  return JSON.parse(JSON.stringify(replyWindow(platform, lastInboundHoursAgo === null ? null : hoursAgo(lastInboundHoursAgo), now, sent))) as ReplyWindow;
}

describe('reply window labels', () => {
  it('counts down the free window', () => {
    expect(replyWindowLabel(wire('messenger', 1.5), now)).toEqual({ text: '22h left', tone: 'ok' });
    expect(replyWindowLabel(wire('whatsapp', 23.5), now)).toEqual({ text: '30m left', tone: 'soon' });
    expect(replyWindowLabel(wire('twilio', 0), now).text).toBe('24h left');
  });

  it('Messenger and Instagram after 24 h: the HUMAN_AGENT tag and how long it lasts', () => {
    // Counts down in whole units, never promising more time than is left.
    expect(replyWindowLabel(wire('instagram', 25), now)).toEqual({ text: 'Human agent tag: 5 days left', tone: 'restricted' });
    expect(replyWindowLabel(wire('messenger', 24 * 7 - 5), now).text).toBe('Human agent tag: 5 hours left');
    expect(replyWindowLabel(wire('messenger', 24 * 8), now)).toEqual({ text: 'closed', tone: 'closed' });
  });

  it('WhatsApp after 24 h, or before the customer wrote: templates only', () => {
    expect(replyWindowLabel(wire('whatsapp', 25), now)).toEqual({ text: 'closed — templates only', tone: 'restricted' });
    expect(replyWindowLabel(wire('twilio', null), now).text).toBe('templates only');
  });

  it('TikTok: 48 h with a message count, then nothing; the cap closes it early', () => {
    expect(replyWindowLabel(wire('tiktok', 2, 3), now, 10)).toEqual({ text: '46h left · 7 msgs', tone: 'ok' });
    expect(replyWindowLabel(wire('tiktok', 2, 9), now, 10)).toEqual({ text: '46h left · 1 msg', tone: 'soon' });
    expect(replyWindowLabel(wire('tiktok', 2, 10), now, 10)).toEqual({ text: 'closed — 10-message cap reached', tone: 'closed' });
    expect(replyWindowLabel(wire('tiktok', 49), now, 10).tone).toBe('closed');
    expect(replyWindowLabel(wire('tiktok', null), now, 10).text).toBe('waiting for customer');
  });

  it('an "open" window whose time ran out since it was fetched reads as closed', () => {
    const stale = wire('whatsapp', 1);
    const later = new Date(now.getTime() + 24 * 3600_000);
    expect(replyWindowLabel(stale, later).tone).not.toBe('ok');
  });

  it('a platform without a reply window: open, nothing counting down, nothing alarming', () => {
    // What the server sends for a platform whose policy has no replyWindow rule.
    const none = JSON.parse(JSON.stringify(windowUnder(undefined, hoursAgo(500), now))) as ReplyWindow;
    expect(none).toMatchObject({ open: true, closesAt: null });
    for (const at of [now, new Date(now.getTime() + 90 * 24 * 3600_000)]) {
      const label = replyWindowLabel(none, at);
      expect(label).toEqual({ text: 'open', tone: 'ok' });
      expect(label.text).not.toMatch(/NaN|closed|left/);
    }
    expect(replyWindowLabel(JSON.parse(JSON.stringify(windowUnder(undefined, null, now))) as ReplyWindow, now).tone).toBe('ok');
  });

  it('gives the server’s reason, or one of its own', () => {
    expect(replyWindowReason(wire('whatsapp', 30))).toMatch(/template/);
    expect(replyWindowReason({ open: false, closesAt: null, allowed: ['human_agent_tag'] })).toMatch(/human agent tag/);
    expect(replyWindowReason({ open: false, closesAt: null, allowed: [] })).toMatch(/does not accept/);
  });

  it('formats spans compactly', () => {
    expect(formatDuration(10_000)).toBe('1m');
    expect(formatDuration(59 * 60_000)).toBe('59m');
    expect(formatDuration(47.9 * 3600_000)).toBe('47h');
    expect(formatDuration(6.5 * 24 * 3600_000)).toBe('6d');
    expect(formatDuration(-5)).toBe('1m');
  });
});
