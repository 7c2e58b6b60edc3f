import { describe, expect, it } from 'vitest';
import { cannedValues, fillCannedVariables, findPlaceholders, firstName, hasPlaceholders, type CannedValues } from '../../web/src/lib/canned-variables.ts';

const values: CannedValues = cannedValues({
  contact: { name: '  Maria José Lopez ', username: 'mjl', phone: null },
  agent: { name: 'Sam Agent' },
  organisation: { name: 'Acme Support' },
});

describe('canned response variables', () => {
  it('fills the contact’s, agent’s and organisation’s values, whatever the spacing or case inside the braces', () => {
    expect(fillCannedVariables('Hi {{contact.name}}, {{ agent.first_name }} of {{Organisation.Name}} here.', values)).toEqual({
      text: 'Hi Maria José Lopez, Sam of Acme Support here.',
      unfilled: [],
    });
    expect(fillCannedVariables('Dear {{contact.first_name}} (@{{contact.username}}) — {{organization.name}}', values).text).toBe('Dear Maria (@mjl) — Acme Support');
  });

  it('leaves an unknown variable and one without a value as written, listing them in order', () => {
    expect(fillCannedVariables('{{contact.phone}} {{order.id}} {{contact.name}} {{}}', values)).toEqual({
      text: '{{contact.phone}} {{order.id}} Maria José Lopez {{}}',
      unfilled: ['{{contact.phone}}', '{{order.id}}', '{{}}'],
    });
    const nameless = cannedValues({ contact: { name: null, username: null, phone: '+4915550001' }, agent: { name: 'Sam' }, organisation: null });
    expect(fillCannedVariables('Hello {{contact.first_name}}, {{organisation.name}} at {{contact.phone}}', nameless)).toEqual({
      text: 'Hello {{contact.first_name}}, {{organisation.name}} at +4915550001',
      unfilled: ['{{contact.first_name}}', '{{organisation.name}}'],
    });
  });

  it('fills in one pass: a value that looks like a variable is not filled again, but the composer still sees it', () => {
    const sneaky = cannedValues({ contact: { name: '{{agent.name}}', username: null, phone: null }, agent: { name: 'Sam' }, organisation: null });
    const filled = fillCannedVariables('Hi {{contact.name}}', sneaky);
    expect(filled).toEqual({ text: 'Hi {{agent.name}}', unfilled: [] });
    expect(hasPlaceholders(filled.text)).toBe(true);
  });

  it('finds placeholders with their positions; text without braces has none', () => {
    expect(findPlaceholders('a {{x}} b {{ y.z }}')).toEqual([
      { start: 2, end: 7, name: 'x' },
      { start: 10, end: 19, name: 'y.z' },
    ]);
    expect(hasPlaceholders('plain { text } and {single}')).toBe(false);
    expect(firstName('   ')).toBeNull();
  });
});
