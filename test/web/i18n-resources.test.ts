import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatRelative, formatUnit } from '../../web/src/i18n/format.ts';
import { browserLanguage, LANGUAGES } from '../../web/src/i18n/languages.ts';
import { resources } from '../../web/src/i18n/resources.ts';

type Tree = { [key: string]: string | Tree };

/** "inbox:composer.send" → its text, for every leaf of every namespace. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const leaves = (language: (typeof LANGUAGES)[number]) => {
  const all = new Map<string, string>();
  for (const [ns, tree] of Object.entries(resources[language])) for (const [k, v] of flatten(tree as Tree)) all.set(`${ns}:${k}`, v);
  return all;
};

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** A plural key stands for its base; each language has its own set of plural forms (Intl.PluralRules). */
const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<(\/?\w+)\s*\/?>/g)].map((m) => m[1] ?? m[2]).sort();

/**
 * Texts that are rightly the same in another language (compared without case): words German or
 * Spanish use as they are, names, and abbreviations. Only what a translation really uses: the
 * last test below fails for an entry no translation needs any more.
 */
const SAME_AS_ENGLISH = new Set([
  // Names and abbreviations, and a technical term both languages use.
  'api',
  'oauth',
  'webhooks',
  // German uses these English words as they are.
  'teams',
  'emoji',
  'label',
  'labels',
  'live',
  'name',
  'offline',
  'organisation',
  'online',
  'status',
  'team',
  'text',
  'video',
  // The same word in German or Spanish (German "Problem", Spanish "error", "total", "audio").
  'normal',
  'problem',
  'error',
  'total',
  'audio',
  'sticker',
]);
const sameAsEnglish = (text: string) => SAME_AS_ENGLISH.has(text.trim().toLowerCase());

describe('translations', () => {
  const en = leaves('en');

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    const other = leaves(language);
    const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

    it(`${language} has every English text, and nothing English does not`, () => {
      const missing = [...en.keys()].filter((k) => !PLURAL.test(k) && !other.has(k));
      const extra = [...other.keys()].filter((k) => !en.has(k) && !(PLURAL.test(k) && [...en.keys()].some((e) => base(e) === base(k))));
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
    });

    it(`${language} has every plural form its grammar needs`, () => {
      const plurals = new Set([...en.keys()].filter((k) => PLURAL.test(k)).map(base));
      const lacking = [...plurals].flatMap((b) => forms.filter((f) => !other.has(`${b}_${f}`)).map((f) => `${b}_${f}`));
      expect(lacking).toEqual([]);
    });

    it(`${language} texts are translated: not empty, not English left as it was`, () => {
      const empty = [...other].filter(([, v]) => v.trim() === '').map(([k]) => k);
      const untranslated = [...other].filter(([k, v]) => en.get(k) === v && /\p{L}/u.test(v.replace(/\{\{[^}]*\}\}/g, '')) && !sameAsEnglish(v)).map(([k, v]) => `${k}: ${v}`);
      expect(empty).toEqual([]);
      expect(untranslated).toEqual([]);
    });

    it(`${language} keeps the placeholders and tags of each English text`, () => {
      const differing = [...other]
        .filter(([k, v]) => {
          const english = en.get(k) ?? en.get(`${base(k)}_other`);
          return english !== undefined && placeholders(english).join() !== placeholders(v).join();
        })
        .map(([k]) => k);
      expect(differing).toEqual([]);
    });
  }
});

describe('the list of texts allowed to stay as in English', () => {
  it('holds only words some translation uses unchanged', () => {
    const en = leaves('en');
    const used = new Set(LANGUAGES.filter((l) => l !== 'en').flatMap((l) => [...leaves(l)].filter(([k, v]) => en.get(k) === v).map(([, v]) => v.trim().toLowerCase())));
    expect([...SAME_AS_ENGLISH].filter((word) => !used.has(word))).toEqual([]);
  });
});

describe('language and formats', () => {
  it('takes the first browser language snorq speaks, by its base, else English', () => {
    expect(browserLanguage(['fr-FR', 'es-MX', 'de'])).toBe('es');
    expect(browserLanguage(['de-AT'])).toBe('de');
    expect(browserLanguage(['fr', 'it'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('writes dates, numbers and spans the way each language does', () => {
    const at = new Date('2026-03-04T10:00:00Z');
    expect(formatDate(at, 'de', { day: 'numeric', month: 'long', timeZone: 'UTC' })).toBe('4. März');
    expect(formatDate(at, 'es', { day: 'numeric', month: 'long', timeZone: 'UTC' })).toBe('4 de marzo');
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatRelative(new Date(at.getTime() - 5 * 60_000), at, 'de')).toBe('vor 5 Minuten');
    expect(formatRelative(new Date(at.getTime() + 2 * 86_400_000), at, 'es')).toBe('pasado mañana');
    expect(formatUnit(5, 'minute', 'en')).toBe('5m');
    expect(formatUnit(5, 'minute', 'de')).toBe('5 Min.');
  });
});
