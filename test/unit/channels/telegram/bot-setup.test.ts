import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BotApiCall } from '../../../../src/channels/telegram/bot-api-client.ts';
import { botIdOfToken, getMe, getWebhookInfo, setWebhook, webhookHealth, type WebhookInfo } from '../../../../src/channels/telegram/bot-setup.ts';
import { startFakePlatform, type FakePlatform } from '../fake-platform-server.ts';

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
let bot: FakePlatform;
let call: BotApiCall;

beforeAll(async () => {
  bot = await startFakePlatform();
  call = { apiUrl: bot.url, botToken: TOKEN, timeoutMs: 2_000 };
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.requests.length = 0;
});

describe('telegram bot setup', () => {
  it('reads the bot id from a token, and nothing from a malformed one', () => {
    expect(botIdOfToken(TOKEN)).toBe('7123456789');
    expect(botIdOfToken(` ${TOKEN}\n`)).toBe('7123456789');
    for (const bad of ['', '7123456789', 'abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', '7123456789:short', '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PAL/saw']) expect(botIdOfToken(bad)).toBeUndefined();
  });

  it('getMe names the bot; a refused token is TOKEN_EXPIRED', async () => {
    bot.reply({ json: { ok: true, result: { id: 7123456789, is_bot: true, first_name: 'Acme Support', username: 'acme_support_bot', can_join_groups: true } } });
    expect(await getMe(call)).toMatchObject({ ok: true, value: { id: 7123456789, first_name: 'Acme Support', username: 'acme_support_bot' } });
    expect(bot.requests[0]?.path).toBe(`/bot${TOKEN}/getMe`);
    bot.reply({ status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await getMe(call)).toMatchObject({ ok: false, failure: { code: 'TOKEN_EXPIRED', tokenInvalid: true } });
  });

  it('setWebhook gives the URL, the secret token and the update types snorq reads', async () => {
    bot.reply({ json: { ok: true, result: true, description: 'Webhook was set' } });
    const url = 'https://inbox.example.com/api/v1/webhooks/telegram?bot=7123456789';
    expect(await setWebhook(call, url, 'secret_1')).toEqual({ ok: true, value: true });
    expect(bot.requests[0]?.json()).toEqual({ url, secret_token: 'secret_1', allowed_updates: ['message', 'edited_message', 'callback_query'] });
    bot.reply({ status: 400, json: { ok: false, error_code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' } });
    expect(await setWebhook(call, 'http://x', 's')).toMatchObject({
      ok: false,
      failure: { reason: 'Telegram refused the request: Bad Request: bad webhook: An HTTPS URL must be provided for webhook' },
    });
  });

  it('getWebhookInfo reads the delivery state, and webhookHealth judges it', async () => {
    const url = 'https://inbox.example.com/api/v1/webhooks/telegram?bot=7123456789';
    bot.reply({
      json: {
        ok: true,
        result: {
          url,
          has_custom_certificate: false,
          pending_update_count: 3,
          last_error_date: 1_763_714_000,
          last_error_message: 'Wrong response from the webhook: 401 Unauthorized',
          max_connections: 40,
        },
      },
    });
    const info = await getWebhookInfo(call);
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    expect(webhookHealth(info.value, url, 1_763_714_060_000)).toEqual({
      healthy: false,
      problem: 'Telegram cannot deliver to snorq: Wrong response from the webhook: 401 Unauthorized (3 updates waiting).',
      pendingUpdates: 3,
      missingUpdates: [],
    });
    // An old error no longer stops deliveries, and is still shown beside the channel.
    expect(webhookHealth(info.value, url, 1_763_714_000_000 + 2 * 3_600_000)).toEqual({
      healthy: true,
      note: "Telegram's last delivery error (2025-11-21T08:33:20Z): Wrong response from the webhook: 401 Unauthorized",
      pendingUpdates: 3,
      missingUpdates: [],
    });
    const healthy: WebhookInfo = { url, pending_update_count: 0 };
    expect(webhookHealth(healthy, url, 0)).toEqual({ healthy: true, pendingUpdates: 0, missingUpdates: [] });
    // Set before snorq read button taps: the types it now reads and Telegram does not send.
    expect(webhookHealth({ ...healthy, allowed_updates: ['message', 'edited_message'] }, url, 0)).toEqual({ healthy: true, pendingUpdates: 0, missingUpdates: ['callback_query'] });
    expect(webhookHealth({ ...healthy, allowed_updates: ['message', 'edited_message', 'callback_query'] }, url, 0).missingUpdates).toEqual([]);
    expect(webhookHealth({ url: '', pending_update_count: 5 }, url, 0)).toMatchObject({ healthy: false, pendingUpdates: 5 });
    expect(webhookHealth({ url: 'https://other.example/hook', pending_update_count: 0 }, url, 0).problem).toContain('other.example');
  });
});
