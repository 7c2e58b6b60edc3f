import { describe, expect, it } from 'vitest';
import { describePlatforms } from '../../src/core/channel-accounts/describe-platforms.ts';
import { replyWindow } from '../../src/core/reply-window/reply-window.ts';
import type { MediaItem, Platform, ReplyWindow } from '../../web/src/api/types.ts';
import { forwardPlan, inThreadOrder, isForwardable, MAX_FORWARD, toggleSelection, type TargetPlatform } from '../../web/src/lib/forwarding.ts';
import { message } from './fixtures.ts';

const now = new Date('2026-03-10T12:00:00Z');

/** The target as the web app gets it: GET /api/v1/platforms (the server's own description) and the window through JSON. */
function target(platform: Platform, lastInboundHoursAgo: number | null, sent = 0): { window: ReplyWindow; platform: TargetPlatform } {
  const info = describePlatforms().find((p) => p.id === platform)!;
  const lastInbound = lastInboundHoursAgo === null ? null : new Date(now.getTime() - lastInboundHoursAgo * 3600_000);
  return {
    window: JSON.parse(JSON.stringify(replyWindow(platform, lastInbound, now, sent))) as ReplyWindow,
    platform: { mediaTypes: info.capabilities.mediaTypes, textLimit: info.textLimit },
  };
}

const media = (over: Partial<MediaItem> = {}): MediaItem => ({
  index: 0,
  type: 'image',
  mimeType: 'image/png',
  filename: null,
  caption: null,
  size: 100,
  state: 'stored',
  error: null,
  url: '/api/v1/media/x',
  ...over,
});

const plan = (messages: Parameters<typeof forwardPlan>[0], to: ReturnType<typeof target>) => forwardPlan(messages, to.window, to.platform);

describe('what can be forwarded', () => {
  it('text and media, not notes, removed messages, thread notices or empty messages', () => {
    expect(isForwardable(message({ id: 1 }))).toBe(true);
    expect(isForwardable(message({ id: 2, content: null, contentType: 'image', media: [media()] }))).toBe(true);
    expect(isForwardable(message({ id: 3, isPrivateNote: true }))).toBe(false);
    expect(isForwardable(message({ id: 4, deletedAt: '2026-03-10T12:01:00.000Z' }))).toBe(false);
    expect(isForwardable(message({ id: 5, contentType: 'system', content: 'number changed' }))).toBe(false);
    expect(isForwardable(message({ id: 6, content: '  ', contentType: 'location' }))).toBe(false);
  });
});

describe('a selection', () => {
  it('adds and takes out, and stops at the maximum instead of growing past it', () => {
    expect(toggleSelection([], 5)).toEqual({ selected: [5], full: false });
    expect(toggleSelection([5, 7], 5)).toEqual({ selected: [7], full: false });
    const twenty = Array.from({ length: MAX_FORWARD }, (_, i) => i + 1);
    expect(toggleSelection(twenty, 99)).toEqual({ selected: twenty, full: true });
    // Taking one out of a full selection still works.
    expect(toggleSelection(twenty, 3).selected).toHaveLength(MAX_FORWARD - 1);
  });

  it('goes in thread order, whatever order it was picked in', () => {
    const thread = [message({ id: 10 }), message({ id: 11 }), message({ id: 12 })];
    expect(inThreadOrder(thread, [12, 10]).map((m) => m.id)).toEqual([10, 12]);
    // A message no longer in the thread drops out.
    expect(inThreadOrder(thread, [99, 11]).map((m) => m.id)).toEqual([11]);
  });
});

describe('the plan shown before forwarding', () => {
  it("a WhatsApp customer's picture to Messenger in its window: sent as a picture", () => {
    const p = plan([message({ id: 1, content: null, contentType: 'image', media: [media()] })], target('messenger', 1));
    expect(p).toMatchObject({ ok: true, items: [{ messageId: 1, text: false, mediaType: 'image' }], refusals: [], windowClosed: null });
  });

  it('a caption goes as the text; a sticker as the picture it is', () => {
    const p = plan([message({ id: 1, content: null, media: [media({ type: 'sticker', mimeType: 'image/webp', caption: 'look' })] })], target('whatsapp', 1));
    expect(p.items).toEqual([{ messageId: 1, text: true, mediaType: 'image' }]);
  });

  it('an attachment not stored in snorq, or of a type the target refuses, is refused beside the choice', () => {
    const pending = message({ id: 1, content: null, media: [media({ state: 'pending' })] });
    const pdf = message({ id: 2, content: null, media: [media({ type: 'file', mimeType: 'application/pdf' })] });
    const p = plan([pending, pdf, message({ id: 3 })], target('tiktok', 1));
    expect(p.ok).toBe(false);
    expect(p.refusals).toEqual([
      { messageId: 1, reason: 'notStored' },
      { messageId: 2, reason: 'typeRefused', mediaType: 'file' },
    ]);
    expect(p.items.map((i) => i.messageId)).toEqual([3]);
  });

  it('text longer than the target takes, counted the way it counts', () => {
    const instagram = target('instagram', 1).platform.textLimit;
    const p = plan([message({ id: 1, content: 'é'.repeat(instagram.max) })], target('instagram', 1));
    // Instagram counts bytes: each "é" is two.
    expect(p.refusals).toEqual([{ messageId: 1, reason: 'tooLong', length: instagram.max * 2, max: instagram.max, unit: 'bytes' }]);
  });

  it('a closed window is the WINDOW_CLOSED answer, with what it still allows', () => {
    const whatsapp = plan([message({ id: 1 })], target('whatsapp', 30));
    expect(whatsapp.ok).toBe(false);
    expect(whatsapp.windowClosed).toMatchObject({ needed: 'text', allowed: ['template'] });
    const messenger = plan([message({ id: 1, content: null, media: [media()] })], target('messenger', 30));
    expect(messenger.windowClosed).toMatchObject({ needed: 'media', allowed: ['human_agent_tag'] });
  });

  it("more messages than a capped window has left (TikTok's per window)", () => {
    const info = describePlatforms().find((p) => p.id === 'tiktok')!;
    const cap = info.capabilities.messagesPerWindow!;
    const p = plan([message({ id: 1 }), message({ id: 2 })], target('tiktok', 1, cap - 1));
    expect(p).toMatchObject({ ok: false, overCap: { remaining: 1, count: 2 } });
    expect(plan([message({ id: 1 })], target('tiktok', 1, cap - 1)).ok).toBe(true);
  });
});
