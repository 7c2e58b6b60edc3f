/**
 * The languages the web app is translated into. The server keeps the same list
 * (`src/contract/me.ts`, `LANGUAGES`) to validate a user's choice; a test checks they agree.
 */
export const LANGUAGES = ['en', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, so a user who cannot read the current one still finds theirs. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch', es: 'Español' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The first supported language among the browser's preferences ("de-AT" counts as "de"), else
 * English. `navigator.languages` is the same list the browser sends as Accept-Language.
 */
export function browserLanguage(preferences: readonly string[] = (globalThis as { navigator?: { languages?: readonly string[] } }).navigator?.languages ?? []): Language {
  for (const tag of preferences) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
