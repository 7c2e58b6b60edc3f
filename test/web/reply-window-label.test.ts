import { describe, expect, it } from 'vitest';
import { replyWindow } from '../../src/core/reply-window/reply-window.ts';
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
    expect(replyWindowLabel(wire('messenger', 1.5), 'messenger', now)).toEqual({ text: '22h left', tone: 'ok' });
    expect(replyWindowLabel(wire('whatsapp', 23.5), 'whatsapp', now)).toEqual({ text: '30m left', tone: 'soon' });
    expect(replyWindowLabel(wire('twilio', 0), 'twilio', now).text).toBe('24h left');
  });

  it('Messenger and Instagram after 24 h: the HUMAN_AGENT tag and how long it lasts', () => {
    // Counts down in whole units, never promising more time than is left.
    expect(replyWindowLabel(wire('instagram', 25), 'instagram', now)).toEqual({ text: 'HUMAN_AGENT 5d left', tone: 'restricted' });
    expect(replyWindowLabel(wire('messenger', 24 * 7 - 5), 'messenger', now).text).toBe('HUMAN_AGENT 5h left');
    expect(replyWindowLabel(wire('messenger', 24 * 8), 'messenger', now)).toEqual({ text: 'closed', tone: 'closed' });
  });

  it('WhatsApp after 24 h, or before the customer wrote: templates only', () => {
    expect(replyWindowLabel(wire('whatsapp', 25), 'whatsapp', now)).toEqual({ text: 'closed — templates only', tone: 'restricted' });
    expect(replyWindowLabel(wire('twilio', null), 'twilio', now).text).toBe('templates only');
  });

  it('TikTok: 48 h with a message count, then nothing; the cap closes it early', () => {
    expect(replyWindowLabel(wire('tiktok', 2, 3), 'tiktok', now)).toEqual({ text: '46h left · 7 msgs', tone: 'ok' });
    expect(replyWindowLabel(wire('tiktok', 2, 9), 'tiktok', now)).toEqual({ text: '46h left · 1 msg', tone: 'soon' });
    expect(replyWindowLabel(wire('tiktok', 2, 10), 'tiktok', now)).toEqual({ text: 'closed — 10-message cap reached', tone: 'closed' });
    expect(replyWindowLabel(wire('tiktok', 49), 'tiktok', now).tone).toBe('closed');
    expect(replyWindowLabel(wire('tiktok', null), 'tiktok', now).text).toBe('waiting for customer');
  });

  it('an "open" window whose time ran out since it was fetched reads as closed', () => {
    const stale = wire('whatsapp', 1);
    const later = new Date(now.getTime() + 24 * 3600_000);
    expect(replyWindowLabel(stale, 'whatsapp', later).tone).not.toBe('ok');
  });

  it('gives the server’s reason, or one of its own', () => {
    expect(replyWindowReason(wire('whatsapp', 30))).toMatch(/template/);
    expect(replyWindowReason({ open: false, closesAt: null, allowed: ['human_agent_tag'] })).toMatch(/HUMAN_AGENT/);
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
