import { describe, expect, it } from 'vitest';
import { PUSH_LANGUAGES, PUSH_TEXTS, pushLanguage, pushText } from '../../../src/core/notifications/push-texts.ts';
import { LANGUAGES } from '../../../web/src/i18n/languages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Web Push texts, written by the server in each user's language (src/core/notifications/push-texts.ts). */
describe('push texts', () => {
  it('exist in every language the web app speaks, each with the placeholders of the English text', () => {
    expect([...PUSH_LANGUAGES].sort()).toEqual([...LANGUAGES].sort());
    for (const language of PUSH_LANGUAGES) {
      expect(Object.keys(PUSH_TEXTS[language]).sort(), language).toEqual(Object.keys(PUSH_TEXTS.en).sort());
      for (const [key, text] of Object.entries(PUSH_TEXTS[language])) {
        expect(text.trim(), `${language}.${key}`).not.toBe('');
        expect(placeholders(text), `${language}.${key}`).toEqual(placeholders(PUSH_TEXTS.en[key as keyof typeof PUSH_TEXTS.en]));
        if (language !== 'en' && key !== 'slaBreach') expect(text, `${language}.${key} is translated`).not.toBe(PUSH_TEXTS.en[key as keyof typeof PUSH_TEXTS.en]);
      }
    }
  });

  it('reads a regional choice as its language, and English for none or an untranslated one', () => {
    expect(pushLanguage('de-AT')).toBe('de');
    expect(pushLanguage('es')).toBe('es');
    expect(pushLanguage(null)).toBe('en');
    expect(pushLanguage('fr')).toBe('en');
    expect(pushText('es-MX', 'assigned', { contact: 'Ana {x}' })).toBe('Asignada a ti: Ana {x}');
    expect(pushText('de', 'webhookDisabled', { host: 'hooks.example.com' })).toBe('Webhook an hooks.example.com deaktiviert');
    expect(pushText('es', 'webhookDisabledBody', { error: 'hooks.example.com answered HTTP 500.' })).toBe(
      'Todas las entregas han fallado durante 24 horas; el último error: hooks.example.com answered HTTP 500.',
    );
  });
});
