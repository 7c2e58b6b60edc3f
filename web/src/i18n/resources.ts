/**
 * The translations. One namespace per area of the app (a page or a settings section); to add one:
 * its three files under `locales/{en,de,es}/`, and one import and one entry of the map in each of
 * `resources-en.ts`, `resources-de.ts` and `resources-es.ts`. English is the reference: German and
 * Spanish must have the same keys (typed there, and checked with the placeholders by
 * test/web/i18n-resources.test.ts).
 */
import type { Language } from './languages.ts';
import { de } from './resources-de.ts';
import { en, type Resources } from './resources-en.ts';
import { es } from './resources-es.ts';

export { en, NAMESPACES, type Resources } from './resources-en.ts';

/**
 * Every language's texts, for the checks and the types. The app itself never imports this file
 * (only its types): it bundles English and fetches another language when it is chosen (i18n.ts).
 */
export const resources: Record<Language, Resources> = { en, de, es };
