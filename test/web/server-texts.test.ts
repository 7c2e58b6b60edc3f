import { afterEach, describe, expect, it } from 'vitest';
import { channelHealth } from '../../src/core/channel-accounts/channel-health.ts';
import { describePlatforms } from '../../src/core/channel-accounts/describe-platforms.ts';
import fs from 'node:fs';
import path from 'node:path';
import {
  TEMPLATE_TEXT_CODES,
  CONNECT_TEXT_CODES,
  FIELD_TEXT_CODES,
  HEALTH_TEXT_CODES,
  PLATFORM_FAILURE_TEXT_CODES,
  REFUSAL_REASONS,
  REFUSAL_TEXT_CODES,
  SCHEMA_TEXT_CODES,
  SYNC_TEXT_CODES,
  WEBHOOK_TEXT_CODES,
  webhookText,
  webhookTextOf,
  SUBSCRIPTION_TEXT_CODES,
} from '../../src/contract/server-texts.ts';
import { THREAD_TEXT_CODES } from '../../src/contract/thread-texts.ts';
import { i18next } from '../../web/src/i18n/i18n.ts';
import { LANGUAGES } from '../../web/src/i18n/languages.ts';
import { resources } from '../../web/src/i18n/resources.ts';
import { serverText } from '../../web/src/i18n/server-text.ts';
import { apiErrorText } from '../../web/src/api/error-text.ts';
import { platformFailureLine, platformFailureText } from '../../web/src/components/PlatformFailure.tsx';
import { fieldErrorsOf } from '../../web/src/lib/field-errors.ts';
import { ApiError } from '../../web/src/api/http.ts';
import { fieldIssues } from '../../src/server/plugins/field-reasons.ts';
import { BusinessHoursSchema, OrganizationChange } from '../../src/contract/organization.ts';

type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The codes a namespace has texts for ("health.quiet_one" and "health.quiet_other" are "health.quiet"). */
function codesOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`.replace(PLURAL, '')] : codesOf(value, `${prefix}${key}.`)));
}

/** Every code the server sends as a text for people (src/contract/server-texts.ts). */
const SERVER_CODES = [
  ...SYNC_TEXT_CODES,
  ...PLATFORM_FAILURE_TEXT_CODES,
  ...HEALTH_TEXT_CODES,
  ...FIELD_TEXT_CODES,
  ...REFUSAL_TEXT_CODES,
  ...CONNECT_TEXT_CODES,
  ...TEMPLATE_TEXT_CODES,
  ...SCHEMA_TEXT_CODES,
  ...THREAD_TEXT_CODES,
  ...WEBHOOK_TEXT_CODES,
  ...SUBSCRIPTION_TEXT_CODES,
];

/** Every finer reason a refusal of the server names (`reason: 'WRONG_CURRENT_PASSWORD'` in src/). */
function reasonsInSource(dir = path.resolve('src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return reasonsInSource(file);
    if (!entry.name.endsWith('.ts')) return [];
    return [...fs.readFileSync(file, 'utf8').matchAll(/\breason: '([A-Z][A-Z_]+)'/g)].map((m) => m[1]!);
  });
}

describe('texts the server writes, in the reader’s language', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('has a text for every code the server sends, in every language, and none for a code it does not send', () => {
    for (const language of LANGUAGES) {
      expect([...new Set(codesOf(resources[language]['server-texts'] as Tree))].sort(), language).toEqual([...SERVER_CODES].sort());
    }
  });

  it('knows every finer reason of a refusal the server names', () => {
    const named = [...new Set(reasonsInSource())].sort();
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((r) => !(REFUSAL_REASONS as readonly string[]).includes(r))).toEqual([]);
  });

  it('shows a channel’s health warnings in German, with the plural and numbers of the warning', async () => {
    const now = new Date('2026-03-04T12:00:00Z');
    const health = channelHealth(
      { connection_state: 'connected', token_expires_at: new Date(now.getTime() + 86_400_000 / 2), last_webhook_at: new Date(now.getTime() - 30 * 3_600_000), last_error: null, created_at: now },
      { inboundLastWeek: 40, sentLastDay: 10, failedLastDay: 4 },
      now,
    );
    await i18next.changeLanguage('de');
    expect(health.warnings.map((w, i) => serverText(health.warningTexts[i], w))).toEqual([
      'Das Zugriffstoken läuft in 1 Tag ab',
      'Seit 30 Stunden kein Webhook, obwohl dieser Kanal sonst täglich Nachrichten erhält; prüfen Sie sein Webhook-Abonnement',
      '4 von 10 Antworten sind in den letzten 24 Stunden fehlgeschlagen',
    ]);
    await i18next.changeLanguage('en');
    // English reads as the server's sentence did, better only where it said "day(s)".
    expect(health.warnings.map((w, i) => serverText(health.warningTexts[i], w))).toEqual(['The access token expires in 1 day', health.warnings[1], health.warnings[2]]);
  });

  it('writes a deferral’s date in the reader’s language and its reason by the platform’s code', async () => {
    const note = { code: 'sync.deferredBecause', params: { untilAt: '2026-03-04T12:05:00.000Z', reason: 'Twilio is rate-limiting snorq', reasonCode: 'platformError.RATE_LIMITED' } };
    await i18next.changeLanguage('es');
    expect(serverText(note, 'Deferred until …')).toMatch(/^Aplazado hasta 4 mar 2026, \d\d:05 tras: La plataforma pidió a snorq que fuera más despacio/);
    await i18next.changeLanguage('en');
    // In English a platform's failure keeps the platform's own words.
    expect(serverText(note, 'Deferred until …')).toMatch(/^Deferred until Mar 4, 2026, \d{1,2}:05 [AP]M after: Twilio is rate-limiting snorq$/);
    expect(serverText({ code: 'platformError.RATE_LIMITED' }, 'Twilio is rate-limiting snorq')).toBe('Twilio is rate-limiting snorq');
  });

  it('gives every connect form’s label and hint a code, except the platform’s own terms, and shows them in German', async () => {
    const fields = describePlatforms().flatMap((p) => [...(p.connect.credentials ? [p.connect.credentials.account, ...p.connect.credentials.fields] : []), ...(p.connect.formFields ?? [])]);
    const untranslated = fields.flatMap((f) => [...(f.labelText ? [] : [f.label]), ...(f.hint && !f.hintText ? [f.hint] : [])]);
    expect([...new Set(untranslated)].sort()).toEqual(['Account SID', 'Auth token', 'WhatsApp Business Account ID']);
    await i18next.changeLanguage('de');
    const sender = fields.find((f) => f.label === 'WhatsApp sender number')!;
    expect([serverText(sender.labelText, sender.label), serverText(sender.hintText, sender.hint!)]).toEqual(['WhatsApp-Absendernummer', '(z. B. +14155238886)']);
    await i18next.changeLanguage('en');
    for (const f of fields) {
      expect(serverText(f.labelText, f.label)).toBe(f.label);
      if (f.hint) expect(serverText(f.hintText, f.hint)).toBe(f.hint);
    }
  });

  it('writes a template refusal’s problems and a claimed account’s details in the reader’s language', async () => {
    const details = {
      code: 'TEMPLATE_PARAMETERS',
      reason: 'TEMPLATE_PARAMETERS',
      name: 'order_update',
      language: 'en_US',
      missing: ['body.2'],
      problemsTexts: [
        { code: 'template.missing', params: { keys: 'body.2' } },
        { code: 'template.tooLong', params: { key: 'body.1', count: 60 } },
        { code: 'template.notANumber', params: { key: 'header.latitude', min: -90, max: 90 } },
      ],
    };
    await i18next.changeLanguage('de');
    expect(apiErrorText('UNPROCESSABLE', 'The template order_update …', details)).toBe(
      'Die Vorlage order_update (en_US) wurde nicht gesendet: fehlend: body.2; body.1 ist länger als 60 Zeichen; header.latitude muss eine Zahl zwischen -90 und 90 sein.',
    );
    const unsupported = {
      reason: 'TEMPLATE_UNSUPPORTED',
      name: 'catalog',
      unsupported: 'snorq cannot fill a CATALOG button yet',
      unsupportedText: { code: 'template.unsupported', params: { parts: 'CATALOG' } },
    };
    expect(apiErrorText('UNPROCESSABLE', 'The template catalog …', unsupported)).toBe(
      'Die Vorlage catalog kann nicht gesendet werden: snorq kann diese Teile der Vorlage noch nicht ausfüllen: CATALOG.',
    );
    expect(apiErrorText('CONFLICT', 'This …', { reason: 'ACCOUNT_CONNECTED_ELSEWHERE', platform: 'WhatsApp', accountId: '1055' })).toMatch(
      /^Dieses WhatsApp-Konto \(1055\) ist mit einer anderen snorq-Organisation verbunden/,
    );
    await i18next.changeLanguage('es');
    expect(apiErrorText('UNPROCESSABLE', 'This channel has no …', { reason: 'TEMPLATE_NOT_FOUND', template: 'welcome (es)' })).toBe('Este canal no tiene ninguna plantilla aprobada welcome (es).');
    await i18next.changeLanguage('en');
    // English readers keep the server's own sentence.
    expect(apiErrorText('UNPROCESSABLE', 'The template order_update (en_US) was not sent: missing body.2.', details)).toBe('The template order_update (en_US) was not sent: missing body.2.');
  });

  it('shows a platform’s failure by its class in German, the platform’s own words beside it', async () => {
    const failure = { code: 'WINDOW_CLOSED', reason: 'Re-engagement message: Message failed to send because more than 24 hours have passed', detail: '131047: Re-engagement message' };
    await i18next.changeLanguage('de');
    expect(platformFailureText(failure)).toEqual({ text: 'Das Antwortfenster der Plattform für diese Unterhaltung ist geschlossen.', evidence: '(die Plattform: „131047: Re-engagement message“)' });
    expect(platformFailureLine({ code: 'TOKEN_EXPIRED', reason: 'Meta rejected…', detail: null })).toMatch(/^Die Plattform hat das Zugriffstoken des Kanals abgelehnt/);
    // A row from before classes (the platform's code in errorCode) keeps its sentence and code.
    expect(platformFailureLine({ code: '131047', reason: 'Re-engagement message', detail: null })).toBe('Re-engagement message (131047)');
    await i18next.changeLanguage('en');
    // English: the server's sentence, the evidence only where the sentence does not already hold it.
    expect(platformFailureText(failure)).toEqual({ text: failure.reason, evidence: '(the platform: “131047: Re-engagement message”)' });
    expect(platformFailureText({ ...failure, reason: 'Meta rejected the request: 131047: Re-engagement message' })).toEqual({ text: 'Meta rejected the request: 131047: Re-engagement message' });
  });

  it('shows a schema’s own reasons beside their fields in German, with their parameters', async () => {
    // The server's refusal as its error handler writes it, from the schema's own issues.
    const parsed = OrganizationChange.safeParse({
      businessHours: [
        { day: 'mon', start: '09:00', end: '12:00' },
        { day: 'mon', start: '11:00', end: '14:00' },
        { day: 'tue', start: '0', end: '12:00' },
      ],
      holidays: [
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2026-12-25', name: 'Again' },
      ],
      timeZone: 'Mars/Olympus',
    });
    expect(parsed.success).toBe(false);
    const issues = fieldIssues(parsed.error!.issues.map((i) => ({ keyword: i.code, instancePath: `/${i.path.join('/')}`, message: i.message, params: {} })));
    const refusal = new ApiError(400, 'VALIDATION_FAILED', 'the request is not valid', { issues });
    await i18next.changeLanguage('de');
    expect(fieldErrorsOf(refusal)).toEqual({
      'businessHours.1.start': 'Überschneidet sich mit 09:00–12:00 am selben Tag.',
      'businessHours.2.start': 'Eine Uhrzeit wie 09:00.',
      'holidays.1.date': 'Der 2026-12-25 ist bereits ein Feiertag.',
      timeZone: 'Keine Zeitzone, die snorq kennt (versuchen Sie Europe/Berlin oder UTC).',
    });
    await i18next.changeLanguage('es');
    expect(fieldErrorsOf(refusal)['businessHours.1.start']).toBe('Se solapa con 09:00–12:00 el mismo día.');
    await i18next.changeLanguage('en');
    // English reads the code's sentence too; API users keep the schema's message.
    expect(fieldErrorsOf(refusal)['businessHours.1.start']).toBe('Overlaps 09:00–12:00 on the same day.');
    expect(issues.find((i) => i.path === '/businessHours/1/start')!.message).toBe('overlaps 09:00–12:00 on the same day');
    expect(BusinessHoursSchema.safeParse([{ day: 'mon', start: '12:00', end: '09:00' }]).error!.issues[0]!.message).toBe('the end must come after the start');
  });

  it('shows an outgoing webhook’s last error and why it was disabled in German, the receiver’s words as they came', async () => {
    const lastError = webhookText('webhook.statusSaying', { status: 502, detail: 'Bad Gateway from nginx' });
    const reason = webhookText('webhook.disabledAfterDay', { error: lastError });
    // What the server keeps is the English sentence; the API reads the code back from it.
    expect(reason).toBe('Every delivery failed for 24 hours; the last error: HTTP 502: Bad Gateway from nginx');
    const text = webhookTextOf(reason)!;
    expect(text).toEqual({ code: 'webhook.disabledAfterDay', params: { error: lastError, errorCode: 'webhook.statusSaying', status: 502, detail: 'Bad Gateway from nginx' } });
    await i18next.changeLanguage('de');
    expect(serverText(text, reason)).toBe('Alle Zustellungen sind 24 Stunden lang fehlgeschlagen; der letzte Fehler: Der Empfänger antwortete mit HTTP 502.');
    const rebound = webhookTextOf(webhookText('webhook.resolvesTo', { host: 'hooks.example.com', refusal: webhookText('webhook.private.loopback', { address: '127.0.0.1' }) }));
    expect(serverText(rebound, '')).toBe(
      'hooks.example.com wird aufgelöst zu: 127.0.0.1 ist eine Loopback-Adresse; snorq sendet Webhooks nur an öffentliche Adressen (WEBHOOK_ALLOWED_PRIVATE_NETWORKS erlaubt andere).',
    );
    const refused = {
      reason: 'WEBHOOK_URL_REFUSED',
      url: 'http://x',
      problemText: webhookTextOf(webhookText('webhook.noAnswer', { error: webhookText('webhook.timeout', { host: 'x:9', ms: 5000 }) })),
    };
    expect(apiErrorText('WEBHOOK_URL_REFUSED', 'snorq sent…', refused)).toBe(
      'snorq sendet nicht an diese URL: snorq hat eine Testzustellung gesendet und keine Antwort erhalten: x:9 hat nicht innerhalb von 5000 ms geantwortet.',
    );
    // A sentence written before its code (or by another server) stays as it was.
    expect(webhookTextOf('HTTP 418 teapot rules')).toBeUndefined();
  });

  it('keeps the server’s sentence for a code the app has no text for', async () => {
    await i18next.changeLanguage('de');
    expect(serverText({ code: 'sync.somethingNew' }, 'Something new happened.')).toBe('Something new happened.');
    expect(serverText(undefined, 'An older server’s note.')).toBe('An older server’s note.');
  });
});
