import { describe, expect, it } from 'vitest';
import { insertAt, normaliseShortcut, problemsOf, unknownVariables } from '../../web/src/pages/settings/canned/canned-form.ts';

describe('the canned response form’s checks', () => {
  it('asks for a shortcut and a text, and the shortcut in the server’s alphabet', () => {
    expect(problemsOf({ shortcut: '', content: '' })).toEqual({ shortcut: 'shortcutRequired', content: 'contentRequired' });
    expect(problemsOf({ shortcut: 'Hello there', content: 'x' })).toEqual({ shortcut: 'shortcutFormat' });
    expect(problemsOf({ shortcut: 'a'.repeat(41), content: 'x' })).toEqual({ shortcut: 'shortcutFormat' });
    expect(problemsOf({ shortcut: 'ok', content: 'x'.repeat(4001) })).toEqual({ content: 'contentTooLong' });
    expect(problemsOf({ shortcut: '/thanks_2-b', content: '  hi ' })).toEqual({});
  });

  it('drops the slash people type before a shortcut', () => {
    expect(normaliseShortcut(' /thanks ')).toBe('thanks');
    expect(normaliseShortcut('thanks')).toBe('thanks');
  });

  it('names the variables the composer will not fill, once each, and none of those it knows', () => {
    expect(unknownVariables('Hi {{contact.name}}, I am {{ agent.first_name }} from {{organization.name}}')).toEqual([]);
    expect(unknownVariables('Hi {{contact.nmae}} {{order}} {{contact.nmae}} {{CONTACT.NAME}}')).toEqual(['{{contact.nmae}}', '{{order}}']);
  });

  it('puts a variable where the selection was', () => {
    expect(insertAt('Hi , bye', 3, 3, '{{contact.name}}')).toEqual({ text: 'Hi {{contact.name}}, bye', caret: 19 });
    expect(insertAt('Hi XX', 3, 5, '{{agent.name}}')).toEqual({ text: 'Hi {{agent.name}}', caret: 17 });
  });
});
