import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { browserLanguage, LANGUAGES, type Language } from './languages.ts';
import { NAMESPACES, resources } from './resources.ts';

/**
 * The one i18next instance of the web app. Every translation is bundled (no loading over the
 * network, so a page never shows keys while a file arrives); the language starts as the
 * browser's and becomes the user's own choice once the session is known (`applyUserLanguage`).
 */
void i18next.use(initReactI18next).init({
  resources,
  ns: NAMESPACES,
  defaultNS: 'common',
  lng: browserLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  // React escapes what it renders; escaping here too would show "&amp;" in names.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** `<html lang>` follows, so screen readers and hyphenation use the right language. */
function syncDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
i18next.on('languageChanged', syncDocumentLanguage);
syncDocumentLanguage(i18next.language);

/** The user's stored choice, or (null: none made) the browser's language, else English. */
export function applyUserLanguage(language: Language | null | undefined): Promise<unknown> {
  const next = language ?? browserLanguage();
  return next === i18next.language ? Promise.resolve() : i18next.changeLanguage(next);
}

export { i18next };
