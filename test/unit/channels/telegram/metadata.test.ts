import { describe, expect, it } from 'vitest';
import { telegramMetadata } from '../../../../src/channels/telegram/metadata.ts';
import { readMessageMetadata } from '../../../../src/core/outbox/message-metadata.ts';

describe('telegram message metadata', () => {
  it('reads what the normaliser keeps, typed', () => {
    const stored = { mediaGroupId: '13115463827312', forwarded: true, languageCode: 'de', stickerEmoji: '😀', stickerSet: 'HotCherry', livePeriodSeconds: 900 };
    expect(readMessageMetadata('telegram', stored)).toEqual({ ok: true, metadata: stored });
    expect(telegramMetadata.parse(stored)).toEqual(stored);
  });

  it('refuses a stored value of another shape, naming the key', () => {
    expect(readMessageMetadata('telegram', { stickerEmoji: ['😀'] })).toMatchObject({ ok: false, problem: expect.stringMatching(/^stickerEmoji: /) });
    expect(readMessageMetadata('telegram', { livePeriodSeconds: 90.5 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^livePeriodSeconds: /) });
    expect(readMessageMetadata('telegram', { mediaGroupId: 13115463827312 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^mediaGroupId: .*expected string/) });
  });
});
