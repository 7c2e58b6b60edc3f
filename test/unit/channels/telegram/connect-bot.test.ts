import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkBot, connectBot } from '../../../../src/channels/telegram/connect-bot.ts';
import { botSecretToken } from '../../../../src/channels/telegram/webhook-url.ts';
import { startFakePlatform, type FakePlatform } from '../fake-platform-server.ts';

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const me = { json: { ok: true, result: { id: 7123456789, is_bot: true, first_name: 'Acme Support', username: 'acme_support_bot' } } };
const set = { json: { ok: true, result: true, description: 'Webhook was set' } };
let bot: FakePlatform;
const input = () => ({ apiUrl: bot.url, timeoutMs: 2_000, publicUrl: 'https://inbox.example.com', botToken: TOKEN });

beforeAll(async () => {
  bot = await startFakePlatform();
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.requests.length = 0;
});

describe('connecting a Telegram bot', () => {
  it('getMe, then setWebhook at the URL naming the bot, with a secret derived from TELEGRAM_WEBHOOK_SECRET', async () => {
    bot.reply(me, set);
    const connected = await connectBot({ ...input(), telegramSecret: 'operator-secret' });
    const webhookSecret = botSecretToken('operator-secret', '7123456789');
    expect(connected).toEqual({ ok: true, value: { externalAccountId: '7123456789', displayName: '@acme_support_bot', credentials: { platform: 'telegram', botToken: TOKEN, webhookSecret } } });
    expect(bot.requests.map((r) => r.path)).toEqual([`/bot${TOKEN}/getMe`, `/bot${TOKEN}/setWebhook`]);
    expect(bot.requests[1]?.json()).toEqual({
      url: 'https://inbox.example.com/api/v1/webhooks/telegram?bot=7123456789',
      secret_token: webhookSecret,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });
  });

  it('without TELEGRAM_WEBHOOK_SECRET, each connection gets a random secret', async () => {
    bot.reply(me, set, me, set);
    const a = await connectBot(input());
    const b = await connectBot(input());
    expect(a.ok && b.ok && a.value.credentials.webhookSecret !== b.value.credentials.webhookSecret).toBe(true);
  });

  it('a token Telegram refuses, or that is not a token, sets nothing', async () => {
    bot.reply({ status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await connectBot(input())).toMatchObject({ ok: false, failure: { code: 'TOKEN_EXPIRED', tokenInvalid: true } });
    expect(await connectBot({ ...input(), botToken: 'hello' })).toMatchObject({ ok: false, failure: { platformCode: 'local_check' } });
    expect(bot.requests.map((r) => r.path)).toEqual([`/bot${TOKEN}/getMe`]);
  });

  it("refuses a token whose number is not getMe's bot, and passes on setWebhook's refusal", async () => {
    bot.reply({ json: { ok: true, result: { id: 1, is_bot: true, first_name: 'Other' } } });
    expect(await connectBot(input())).toMatchObject({ ok: false, failure: { platformCode: 'bot_id_mismatch' } });
    bot.reply(me, { status: 400, json: { ok: false, error_code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' } });
    expect(await connectBot(input())).toMatchObject({ ok: false, failure: { reason: expect.stringContaining('HTTPS URL') } });
  });

  it("checks the channel's webhook with getWebhookInfo", async () => {
    bot.reply({ json: { ok: true, result: { url: 'https://elsewhere.example/hook', has_custom_certificate: false, pending_update_count: 0 } } });
    const health = await checkBot({ apiUrl: bot.url, timeoutMs: 2_000, publicUrl: 'https://inbox.example.com', credentials: { platform: 'telegram', botToken: TOKEN, webhookSecret: 's' }, nowMs: 0 });
    expect(health).toMatchObject({ ok: true, value: { healthy: false, problem: expect.stringContaining('elsewhere.example') } });
    expect(bot.requests[0]?.path).toBe(`/bot${TOKEN}/getWebhookInfo`);
  });
});
