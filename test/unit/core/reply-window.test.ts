import { describe, expect, it } from 'vitest';
import { optionFor, replyWindow } from '../../../src/core/reply-window/reply-window.ts';

const now = new Date('2026-11-21T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * 3600_000);

describe('reply windows', () => {
  it('Messenger and Instagram: 24 h free, then HUMAN_AGENT until 7 days, then nothing', () => {
    for (const p of ['messenger', 'instagram'] as const) {
      expect(replyWindow(p, ago(23.9), now)).toMatchObject({ open: true, allowed: ['text', 'media'], closesAt: new Date('2026-11-21T12:06:00Z') });
      const tagged = replyWindow(p, ago(25), now);
      expect(tagged).toMatchObject({ open: false, allowed: ['human_agent_tag'] });
      expect(tagged.humanAgentUntil).toEqual(new Date(ago(25).getTime() + 7 * 24 * 3600_000));
      expect(replyWindow(p, ago(24 * 7 + 0.1), now)).toMatchObject({ open: false, allowed: [] });
    }
  });

  it('WhatsApp and Twilio: 24 h free, templates only after, and before any customer message', () => {
    for (const p of ['whatsapp', 'twilio'] as const) {
      expect(replyWindow(p, ago(1), now).allowed).toEqual(['text', 'media', 'template']);
      expect(replyWindow(p, ago(24), now)).toMatchObject({ open: false, allowed: ['template'] });
      expect(replyWindow(p, null, now)).toMatchObject({ open: false, allowed: ['template'], closesAt: null });
    }
  });

  it('TikTok: 48 h and at most 10 business messages per customer message', () => {
    expect(replyWindow('tiktok', ago(47), now, 3)).toMatchObject({ open: true, remainingMessages: 7 });
    expect(replyWindow('tiktok', ago(47), now, 10)).toMatchObject({ open: false, allowed: [], remainingMessages: 0 });
    expect(replyWindow('tiktok', ago(49), now, 0)).toMatchObject({ open: false, allowed: [] });
  });

  it('boundary: exactly 24 h is closed', () => {
    expect(replyWindow('whatsapp', ago(24), now).open).toBe(false);
  });

  it('names the option a message needs', () => {
    expect(optionFor({ hasMedia: false })).toBe('text');
    expect(optionFor({ hasMedia: true })).toBe('media');
    expect(optionFor({ hasMedia: false, tag: 'HUMAN_AGENT' })).toBe('human_agent_tag');
    expect(optionFor({ hasMedia: false, template: { name: 'x' } })).toBe('template');
  });
});
