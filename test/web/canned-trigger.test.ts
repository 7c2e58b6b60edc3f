import { describe, expect, it } from 'vitest';
import { cannedQuery, insertCanned } from '../../web/src/lib/canned.ts';

/** The `/` of canned responses anywhere in the reply (issue "The inbox an agent would choose", item 3). */
describe('the / trigger', () => {
  it('opens at the start, after a space and at the start of a line, with what is typed after it', () => {
    expect(cannedQuery('/hou')).toEqual({ start: 0, end: 4, query: 'hou' });
    expect(cannedQuery('Hi Ana, /Hou')).toEqual({ start: 8, end: 12, query: 'hou' });
    expect(cannedQuery('Hi Ana,\n/')).toEqual({ start: 8, end: 9, query: '' });
    expect(cannedQuery('Hi\t/ship-2')).toEqual({ start: 3, end: 10, query: 'ship-2' });
    expect(cannedQuery('Grüße /öff')?.query).toBe('öff');
  });

  it('reads the word before the caret, not the end of the text', () => {
    const text = 'Hi /hou and more after';
    expect(cannedQuery(text, 7)).toEqual({ start: 3, end: 7, query: 'hou' });
    expect(cannedQuery(text, 2)).toBeNull();
    expect(cannedQuery(text)).toBeNull();
  });

  it('does not open inside a word, a path or a link, nor once a space ends the shortcut', () => {
    expect(cannedQuery('and/or')).toBeNull();
    expect(cannedQuery('see https://example.com/help')).toBeNull();
    expect(cannedQuery('1/2')).toBeNull();
    expect(cannedQuery('/hours ')).toBeNull();
    expect(cannedQuery('Hi /hours now')).toBeNull();
    expect(cannedQuery('')).toBeNull();
  });
});

describe('inserting a response at the / typed', () => {
  it('replaces only the /shortcut, keeps what is around it, and puts the caret after the response', () => {
    const text = 'Hi Ana, /hou\nBest';
    const trigger = cannedQuery(text, 12)!;
    expect(insertCanned(text, trigger, 'We are open 9–5.')).toEqual({ text: 'Hi Ana, We are open 9–5.\nBest', select: [24, 24] });
  });

  it('selects the first variable left to fill in the inserted response, not one written before it', () => {
    const text = 'About {{order}}: /ship';
    const trigger = cannedQuery(text)!;
    const { text: next, select } = insertCanned(text, trigger, 'Your order {{order.id}} ships on {{date}}.');
    expect(next).toBe('About {{order}}: Your order {{order.id}} ships on {{date}}.');
    expect(next.slice(...select)).toBe('{{order.id}}');
  });
});
