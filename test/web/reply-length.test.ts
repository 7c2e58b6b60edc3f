import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/channels/registry.ts';
import { describePlatforms } from '../../src/core/channel-accounts/describe-platforms.ts';
import { measureText } from '../../src/text/text-limits.ts';
import { replyLength } from '../../web/src/lib/reply-length.ts';

describe('the composer’s length counter', () => {
  it('counts every platform exactly as the server does (the same function, the limit it serves), with the unit in words', () => {
    const samples = ['hello', '😀'.repeat(250), `${'😀'.repeat(249)}ééa`, 'é'.repeat(1600), '🇩🇪'.repeat(1000)];
    const served = describePlatforms();
    for (const channel of CHANNELS) {
      const limit = served.find((p) => p.id === channel.id)!.textLimit;
      expect(limit).toEqual(channel.policy.textLimit);
      for (const text of samples) {
        const shown = replyLength(limit, channel.ui.name, text);
        const server = measureText(channel.policy.textLimit, text);
        expect({ length: shown.length, max: shown.max, tooLong: shown.tooLong }).toEqual({ length: server.length, max: server.max, tooLong: server.tooLong });
        expect(shown.label).toBe(`${server.length} / ${server.max}`);
      }
    }
    expect(replyLength({ max: 1000, unit: 'bytes' }, 'Instagram', `${'😀'.repeat(249)}ééa`)).toMatchObject({
      tooLong: true,
      hint: 'Too long for Instagram: at most 1000 bytes (an emoji counts 4), this reply has 1001.',
    });
    expect(replyLength({ max: 2000, unit: 'characters' }, 'Messenger', '😀'.repeat(2000))).toMatchObject({ tooLong: false, label: '2000 / 2000' });
  });
});
