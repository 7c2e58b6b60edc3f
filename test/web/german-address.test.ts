import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The German UI addresses the agent one way: formally ("Sie"), as the inbox, sign-in and most
 * pages do. A text written with "du" (du, dich, dir, dein…) slipped in by one page would make
 * the app switch register from screen to screen.
 */
const DIR = path.resolve('web/src/i18n/locales/de');
const INFORMAL = /(^|[^\p{L}])(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)(?=$|[^\p{L}])/iu;

function strings(value: unknown, at: string): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

describe('German texts', () => {
  it('address the agent formally everywhere', () => {
    const informal = fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => strings(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')), f.replace(/\.json$/, '')))
      .filter(([, text]) => INFORMAL.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(informal).toEqual([]);
  });

  it('would notice an informal text', () => {
    expect(INFORMAL.test('Kopiere es jetzt: Du wirst es nicht sehen.')).toBe(true);
    expect(INFORMAL.test('Dein Name')).toBe(true);
    expect(INFORMAL.test('Produkt dürfen Direktnachricht')).toBe(false);
  });
});
