import { describe, expect, it } from 'vitest';
import { checkInteractive, choiceId, type InteractiveLimits } from '../../../src/text/interactive-limits.ts';
import { WHATSAPP_INTERACTIVE } from '../../../src/channels/whatsapp/interactive.ts';
import { quickReplyLimits } from '../../../src/channels/meta/quick-replies.ts';

const buttons = (...titles: string[]) => ({ kind: 'buttons' as const, choices: titles.map((title, i) => ({ id: `C${i}`, title })) });
const messenger = quickReplyLimits({ max: 2000, unit: 'characters' });
const instagram = quickReplyLimits({ max: 1000, unit: 'bytes' });

describe('checkInteractive', () => {
  it('takes what the platform takes: 3 buttons of 20 characters on WhatsApp, 13 quick replies on Messenger', () => {
    expect(checkInteractive(WHATSAPP_INTERACTIVE, buttons('x'.repeat(20), 'B', 'C'), 'Which?')).toEqual([]);
    expect(checkInteractive(messenger, buttons(...Array.from({ length: 13 }, (_, i) => `Q${i}`)), 'Which?')).toEqual([]);
  });

  it('names the count and the limit when there are too many or none', () => {
    expect(checkInteractive(WHATSAPP_INTERACTIVE, buttons('A', 'B', 'C', 'D'), 'x')).toEqual([{ path: 'choices', rule: 'count', limit: 3, actual: 4 }]);
    expect(checkInteractive(WHATSAPP_INTERACTIVE, buttons(), 'x')).toEqual([{ path: 'choices', rule: 'count', limit: 3, actual: 0 }]);
  });

  it('counts titles in code points (an emoji is one) and the body in the platform’s unit (Instagram: bytes)', () => {
    expect(checkInteractive(WHATSAPP_INTERACTIVE, buttons('😀'.repeat(20)), 'x')).toEqual([]);
    expect(checkInteractive(WHATSAPP_INTERACTIVE, buttons('😀'.repeat(21)), 'x')).toEqual([{ path: 'choices.0.title', rule: 'length', limit: 20, actual: 21 }]);
    expect(checkInteractive(instagram, buttons('A'), 'é'.repeat(501))).toEqual([{ path: 'content', rule: 'length', limit: 1000, actual: 1002 }]);
  });

  it('refuses empty titles, an empty body, and repeated ids or titles (case-insensitive titles)', () => {
    const twice = {
      kind: 'buttons' as const,
      choices: [
        { id: 'A', title: 'Blue' },
        { id: 'A', title: 'blue' },
        { id: 'B', title: ' ' },
      ],
    };
    expect(checkInteractive(WHATSAPP_INTERACTIVE, twice, '  ')).toEqual([
      { path: 'content', rule: 'empty' },
      { path: 'choices.2.title', rule: 'empty' },
      { path: 'choices.1.id', rule: 'duplicate' },
      { path: 'choices.1.title', rule: 'duplicate' },
    ]);
  });

  it('checks a list: rows across sections, section titles once there are two, row fields, the button', () => {
    const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `R${from + i}`, title: `Row ${from + i}` }));
    const ok = {
      kind: 'list' as const,
      button: 'Open',
      sections: [
        { title: 'One', rows: rows(5) },
        { title: 'Two', rows: rows(5, 5) },
      ],
    };
    expect(checkInteractive(WHATSAPP_INTERACTIVE, ok, 'x')).toEqual([]);
    const bad = {
      kind: 'list' as const,
      button: 'b'.repeat(21),
      sections: [{ rows: rows(6) }, { title: 't'.repeat(25), rows: [...rows(5, 6), { id: 'R0', title: 'y'.repeat(25), description: 'd'.repeat(73) }] }],
    };
    expect(checkInteractive(WHATSAPP_INTERACTIVE, bad, 'x')).toEqual([
      { path: 'button', rule: 'length', limit: 20, actual: 21 },
      { path: 'rows', rule: 'count', limit: 10, actual: 12 },
      { path: 'sections.0.title', rule: 'empty' },
      { path: 'sections.1.title', rule: 'length', limit: 24, actual: 25 },
      { path: 'sections.1.rows.5.title', rule: 'length', limit: 24, actual: 25 },
      { path: 'sections.1.rows.5.description', rule: 'length', limit: 72, actual: 73 },
      { path: 'sections.1.rows.5.id', rule: 'duplicate' },
    ]);
  });

  it('a kind the platform does not offer, or a platform without choices, is one problem: kind', () => {
    const list = { kind: 'list' as const, button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] };
    expect(checkInteractive(messenger, list, 'x')).toEqual([{ path: 'kind', rule: 'kind' }]);
    expect(checkInteractive(null, buttons('A'), 'x')).toEqual([{ path: 'kind', rule: 'kind' }]);
  });

  it('a required description (Twilio list-picker) is refused when missing', () => {
    const limits: InteractiveLimits = { ...WHATSAPP_INTERACTIVE, list: { ...WHATSAPP_INTERACTIVE.list!, descriptionRequired: true } };
    const list = { kind: 'list' as const, button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] };
    expect(checkInteractive(limits, list, 'x')).toEqual([{ path: 'sections.0.rows.0.description', rule: 'empty' }]);
  });
});

describe('choiceId', () => {
  it('is readable, numbered (so equal titles still differ) and within the limit', () => {
    expect(choiceId('Größe M', 0, 256)).toBe('1_GROSSE_M');
    expect(choiceId('😀', 2, 256)).toBe('3_CHOICE');
    expect(choiceId('a'.repeat(300), 0, 20)).toHaveLength(20);
  });
});
