import { describe, expect, it } from 'vitest';
import { measureText, TEXT_LIMITS } from '../../src/text/text-limits.ts';
import { replyLength } from '../../web/src/lib/reply-length.ts';

describe('the composer’s length counter', () => {
  it('counts every platform exactly as the server does (the same function), with the unit in words', () => {
    const samples = ['hello', '😀'.repeat(250), `${'😀'.repeat(249)}ééa`, 'é'.repeat(1600), '🇩🇪'.repeat(1000)];
    for (const platform of Object.keys(TEXT_LIMITS) as (keyof typeof TEXT_LIMITS)[]) {
      for (const text of samples) {
        const shown = replyLength(platform, text);
        const server = measureText(platform, text);
        expect({ length: shown.length, max: shown.max, tooLong: shown.tooLong }).toEqual({ length: server.length, max: server.max, tooLong: server.tooLong });
        expect(shown.label).toBe(`${server.length} / ${server.max}`);
      }
    }
    expect(replyLength('instagram', `${'😀'.repeat(249)}ééa`)).toMatchObject({ tooLong: true, hint: 'Too long for instagram: at most 1000 bytes (an emoji counts 4), this reply has 1001.' });
    expect(replyLength('messenger', '😀'.repeat(2000))).toMatchObject({ tooLong: false, label: '2000 / 2000' });
  });
});
