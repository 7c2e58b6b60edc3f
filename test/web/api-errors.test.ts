import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/core/errors/app-error.ts';
import { ApiError, errorMessage } from '../../web/src/api/http.ts';
import { i18next } from '../../web/src/i18n/i18n.ts';
import { resources } from '../../web/src/i18n/resources.ts';

/** Every code the server can answer: AppError's closed set, and what the error handler names itself (fastify's 4xx, the database's 503s). */
function serverCodes(): string[] {
  const handler = fs.readFileSync(path.resolve('src/server/plugins/error-handler.ts'), 'utf8');
  const named = [...handler.matchAll(/'([A-Z][A-Z_]{2,})'/g)].map((m) => m[1]!);
  return [...new Set([...Object.keys(ERROR_STATUS), ...named])].sort();
}

/** The server's refusals in the web app's language, by code (web/src/api/error-text.ts). */
describe('API errors in the UI language', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('has a text for every code the server answers, and for the client’s own NETWORK, in every language', () => {
    const codes = [...serverCodes(), 'NETWORK'].sort();
    for (const language of ['en', 'de', 'es'] as const) {
      const texts = Object.keys(resources[language].errors).filter((k) => k !== 'with');
      expect(texts.sort()).toEqual(codes);
    }
  });

  it('shows a refusal in German by its code, with the numbers its details carry', async () => {
    await i18next.changeLanguage('de');
    expect(new ApiError(409, 'CONFLICT', 'a label "vip" already exists', { field: 'name' }).message).toBe('Das gibt es bereits.');
    expect(new ApiError(429, 'ACCOUNT_LOCKED', 'too many failed sign-ins for this email; try again in 15 min', { retryAfterSeconds: 840 }).message).toBe(
      'Zu viele fehlgeschlagene Versuche für diese E-Mail-Adresse; versuchen Sie es in 14 Min. erneut.',
    );
    expect(new ApiError(500, 'INTERNAL', 'internal error (request req-7f)').message).toBe('Auf dem Server ist ein Fehler aufgetreten (Anfrage req-7f).');
    expect(new ApiError(0, 'NETWORK', 'snorq could not be reached; check your connection').message).toBe('snorq ist nicht erreichbar; prüfen Sie Ihre Verbindung.');
    expect(errorMessage(new ApiError(404, 'NOT_FOUND', 'contact not found'))).toBe('Nicht gefunden; vielleicht wurde es inzwischen gelöscht.');
  });

  it('keeps the server’s message for a code it has no text for, and in English', async () => {
    await i18next.changeLanguage('es');
    expect(new ApiError(502, 'HTTP_502', 'the server answered 502').message).toBe('the server answered 502');
    expect(new ApiError(422, 'MESSAGE_TOO_LONG', 'too long', { length: 5000, limit: 4096 }).message).toBe(
      'El mensaje es demasiado largo para esta plataforma: tiene 5000 y se admiten como máximo 4096.',
    );
    await i18next.changeLanguage('en');
    expect(new ApiError(409, 'CONFLICT', 'a label "vip" already exists').message).toBe('a label "vip" already exists');
  });

  it('follows a language chosen after the error arrived', async () => {
    const err = new ApiError(403, 'FORBIDDEN', 'only an admin may do this');
    expect(err.message).toBe('only an admin may do this');
    await i18next.changeLanguage('es');
    expect(err.message).toBe('No tienes permiso para hacer esto.');
    expect(err.serverMessage).toBe('only an admin may do this');
  });
});
