import { afterEach, describe, expect, it } from 'vitest';
import { webhookHealth } from '../../../src/channels/telegram/bot-setup.ts';
import { subscriptionTextOf } from '../../../src/contract/server-texts.ts';
import { channelHealth } from '../../../src/core/channel-accounts/channel-health.ts';
import { REFRESH_FAILED_PREFIX } from '../../../src/core/connections/refresh-channel-token.ts';
import { i18next } from '../../../web/src/i18n/i18n.ts';
import { serverText } from '../../../web/src/i18n/server-text.ts';

/**
 * What getWebhookInfo says (a delivery error, updates waiting) and a failed token refresh reach
 * the channel's page as sentences of snorq's read back into codes (src/contract/server-texts.ts):
 * shown in the reader's language with Telegram's own words quoted as they came.
 */
describe('a channel’s webhook notes and token refresh, in the reader’s language', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('says a failed token refresh and the platform’s webhook notes in German, the platform’s words quoted', async () => {
    const now = new Date('2026-03-04T12:00:00Z');
    const base = { token_expires_at: null, last_webhook_at: now, created_at: now };
    const refresh = channelHealth(
      { ...base, connection_state: 'needs_reconnect', last_error: `${REFRESH_FAILED_PREFIX}: TikTok refused the refresh token (10002)`, last_error_code: 'TOKEN_EXPIRED' },
      { inboundLastWeek: 0, sentLastDay: 0, failedLastDay: 0 },
      now,
    );
    const url = 'https://snorq.example/api/v1/webhooks/telegram/1';
    const failing = webhookHealth(
      { url, pending_update_count: 3, last_error_date: now.getTime() / 1000 - 60, last_error_message: 'Wrong response from the webhook: 401 Unauthorized' },
      url,
      now.getTime(),
    );
    const missing = channelHealth(
      { ...base, connection_state: 'connected', last_error: null, subscription_state: 'missing', subscription_detail: failing.problem! },
      { inboundLastWeek: 0, sentLastDay: 0, failedLastDay: 0 },
      now,
    );
    await i18next.changeLanguage('de');
    expect(serverText(refresh.warningTexts[0], refresh.warnings[0]!)).toBe(
      'Muss neu verbunden werden: Das Erneuern des Tokens ist fehlgeschlagen (Die Plattform hat das Zugriffstoken des Kanals abgelehnt; verbinden Sie den Kanal neu.)',
    );
    expect(serverText(missing.warningTexts[0], missing.warnings[0]!)).toBe(
      'Webhook-Abonnement fehlt: Telegram kann nicht an snorq zustellen (3 Updates warten): „Wrong response from the webhook: 401 Unauthorized“',
    );
    const note = webhookHealth({ url, pending_update_count: 0, last_error_date: 1_763_714_000, last_error_message: 'Connection timed out' }, url, now.getTime()).note!;
    expect(serverText(subscriptionTextOf(note), note)).toMatch(/^Letzter Zustellfehler von Telegram \(21\.11\.2025, \d\d:33\): „Connection timed out“$/);
    await i18next.changeLanguage('en');
    // English keeps the server's sentences, the platform's words in them.
    expect(serverText(refresh.warningTexts[0], refresh.warnings[0]!)).toBe('Needs reconnecting: refreshing the token failed (TikTok refused the refresh token (10002))');
    expect(missing.warnings[0]).toBe(`Webhook subscription missing: ${failing.problem!}`);
  });
});
