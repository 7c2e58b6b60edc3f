import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { browserLanguage, LANGUAGES, type Language } from './languages.ts';
import { en, NAMESPACES, type Resources } from './resources-en.ts';

/**
 * Each language but English in a chunk of its own: a reader downloads English (the fallback, in
 * the entry) and their own language, not all three (~75 kB of the entry each). i18next asks for a
 * language as it changes to it and switches only once its texts are here, so a page never shows
 * keys while a file arrives, and `changeLanguage` resolves then. A chunk that cannot be fetched
 * (the network, or an upgrade replaced the files) leaves the English texts showing.
 */
const OTHER_LANGUAGES: Record<Exclude<Language, 'en'>, () => Promise<Resources>> = {
  de: () => import('./resources-de.ts').then((m) => m.de),
  es: () => import('./resources-es.ts').then((m) => m.es),
};

const chunks: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, namespace, callback) {
    const load = OTHER_LANGUAGES[language as Exclude<Language, 'en'>];
    if (!load) return callback(new Error(`no texts for the language ${language}`), false);
    load().then(
      (texts) => callback(null, texts[namespace as keyof Resources]),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), false),
    );
  },
};

/**
 * The one i18next instance of the web app. The language starts as the browser's (main.tsx waits
 * for it before the first render) and becomes the user's own choice once the session is known
 * (`applyUserLanguage`).
 */
void i18next
  .use(chunks)
  .use(initReactI18next)
  .init({
    resources: { en },
    // English is bundled; the other languages come from `chunks`.
    partialBundledLanguages: true,
    ns: NAMESPACES,
    defaultNS: 'common',
    lng: 'en',
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

let changingTo: Language | undefined;

/** The user's stored choice, or (null: none made) the browser's language, else English. */
export function applyUserLanguage(language: Language | null | undefined): Promise<unknown> {
  const next = language ?? browserLanguage();
  // Asked again while another language is on its way (a choice, then its undo when saving
  // fails): i18next keeps the last one asked for.
  if (next === i18next.language && changingTo === undefined) return Promise.resolve();
  changingTo = next;
  return i18next.changeLanguage(next).finally(() => {
    if (changingTo === next) changingTo = undefined;
  });
}

export { i18next };
