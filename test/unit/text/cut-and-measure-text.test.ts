import { describe, expect, it } from 'vitest';
import { messagePreview, PREVIEW_MAX } from '../../../src/core/conversations/message-preview.ts';
import { cutText, prefixWithin } from '../../../src/text/cut-text.ts';
import { channelOf } from '../../../src/channels/registry.ts';
import { measureText, textLength } from '../../../src/text/text-limits.ts';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const preview = (content: string) => messagePreview({ content, content_type: 'text', deleted_at: null });

describe('cutting text between characters', () => {
  it('a preview whose 139th UTF-16 unit is the first half of an emoji keeps the emoji whole or drops it', () => {
    const text = `${'a'.repeat(138)}😀${'b'.repeat(20)}`;
    expect(text.charCodeAt(138)).toBeGreaterThanOrEqual(0xd800);
    const p = preview(text);
    expect(p).not.toMatch(LONE_SURROGATE);
    expect(p).toBe(`${'a'.repeat(138)}…`);
    expect(p.length).toBeLessThanOrEqual(PREVIEW_MAX);
    // JSON of it is what PostgreSQL stores in the event log: it must parse back unchanged.
    expect(JSON.parse(JSON.stringify({ p }))).toEqual({ p });
  });

  it('keeps grapheme clusters whole: flags, ZWJ families, combining accents', () => {
    for (const cluster of ['🇩🇪', '👨‍👩‍👧‍👦', 'e\u0301', '👍🏽']) {
      const text = 'x'.repeat(130) + cluster.repeat(20);
      const p = preview(text);
      expect(p).not.toMatch(LONE_SURROGATE);
      const body = p.slice(0, -1).slice(130);
      expect(body.length % cluster.length).toBe(0);
      expect(body).toBe(cluster.repeat(body.length / cluster.length));
    }
  });

  it('leaves short text alone and never returns more than asked', () => {
    expect(cutText('short', 10)).toBe('short');
    expect(cutText('😀😀😀', 3)).toBe('😀…');
    expect(prefixWithin('😀😀😀', 3)).toBe('😀');
    expect(prefixWithin('😀', 1)).toBe('');
    for (let max = 0; max < 12; max++) {
      const out = cutText('a😀b🇩🇪c👨‍👩‍👧', max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('each platform’s limit, counted as it counts', () => {
  it('Instagram counts UTF-8 bytes, Messenger and WhatsApp characters, Twilio and TikTok UTF-16 units', () => {
    expect(textLength('😀é', 'bytes')).toBe(6);
    expect(textLength('😀é', 'characters')).toBe(2);
    expect(textLength('😀é', 'utf16')).toBe(3);
  });

  const at = { messenger: '😀'.repeat(2000), instagram: '😀'.repeat(250), whatsapp: '😀'.repeat(4096), twilio: '😀'.repeat(800), tiktok: '😀'.repeat(3000) };
  const over = { messenger: '😀'.repeat(2001), instagram: `${'😀'.repeat(249)}ééa`, whatsapp: 'a'.repeat(4097), twilio: `${'😀'.repeat(799)}ab1`, tiktok: `${'a'.repeat(5999)}😀` };
  for (const platform of Object.keys(at) as (keyof typeof at)[]) {
    it(`${platform}: the limit is accepted, one more is refused`, () => {
      const limit = channelOf(platform).policy.textLimit;
      expect(measureText(limit, at[platform])).toMatchObject({ length: limit.max, tooLong: false });
      expect(measureText(limit, over[platform])).toMatchObject({ length: limit.max + 1, tooLong: true });
    });
  }
});
