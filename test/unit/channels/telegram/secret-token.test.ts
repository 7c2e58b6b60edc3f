import { describe, expect, it } from 'vitest';
import { derivedWebhookSecret, SECRET_TOKEN_PATTERN, verifyTelegramSecretToken } from '../../../../src/channels/telegram/secret-token.ts';
import { botIdOfRequest, botSecretToken, verifyTelegramWebhook, webhookUrl } from '../../../../src/channels/telegram/webhook-url.ts';
import type { WebhookRequest } from '../../../../src/channels/types.ts';

const SECRET = 'tg_webhook_secret-4f1c9a7e2b';
const request = (headers: WebhookRequest['headers']): WebhookRequest => ({
  rawBody: Buffer.from('{"update_id":1}'),
  headers,
  publicUrl: 'https://inbox.example.com/api/v1/webhooks/telegram?bot=7123456789',
});

describe('telegram secret token', () => {
  it('accepts the secret given to setWebhook, in any header case', () => {
    expect(verifyTelegramSecretToken(request({ 'x-telegram-bot-api-secret-token': SECRET }), SECRET)).toEqual({ ok: true });
    expect(verifyTelegramSecretToken(request({ 'X-Telegram-Bot-Api-Secret-Token': SECRET }), SECRET)).toEqual({ ok: true });
  });

  it('refuses a wrong, longer, shorter or empty token', () => {
    for (const presented of ['other', `${SECRET}x`, SECRET.slice(0, -1), '']) {
      expect(verifyTelegramSecretToken(request({ 'x-telegram-bot-api-secret-token': presented }), SECRET)).toEqual({ ok: false, reason: 'X-Telegram-Bot-Api-Secret-Token does not match' });
    }
  });

  it('refuses a request without the header, or with it twice', () => {
    expect(verifyTelegramSecretToken(request({}), SECRET)).toEqual({ ok: false, reason: 'missing X-Telegram-Bot-Api-Secret-Token header' });
    expect(verifyTelegramSecretToken(request({ 'x-telegram-bot-api-secret-token': [SECRET, SECRET] }), SECRET).ok).toBe(false);
  });

  it('fails closed without a secret, even for a request with an empty header', () => {
    expect(verifyTelegramSecretToken(request({ 'x-telegram-bot-api-secret-token': '' }), undefined)).toEqual({ ok: false, reason: 'no Telegram webhook secret configured' });
    expect(verifyTelegramSecretToken(request({ 'x-telegram-bot-api-secret-token': '' }), '')).toEqual({ ok: false, reason: 'no Telegram webhook secret configured' });
  });

  it('derives a secret Telegram accepts, the same for the same key and different for another', () => {
    const secret = derivedWebhookSecret('a'.repeat(44));
    expect(secret).toMatch(SECRET_TOKEN_PATTERN);
    expect(derivedWebhookSecret('a'.repeat(44))).toBe(secret);
    expect(derivedWebhookSecret('b'.repeat(44))).not.toBe(secret);
  });
});

describe('telegram webhook URL and per-bot secret', () => {
  const base = 'operator-secret_0123456789';
  const at = (url: string, token: string | undefined): WebhookRequest => ({
    rawBody: Buffer.from('{}'),
    headers: token === undefined ? {} : { 'x-telegram-bot-api-secret-token': token },
    publicUrl: url,
  });

  it('names the bot in the URL it gives setWebhook, and reads it back', () => {
    const url = webhookUrl('https://inbox.example.com/', '7123456789');
    expect(url).toBe('https://inbox.example.com/api/v1/webhooks/telegram?bot=7123456789');
    expect(botIdOfRequest(at(url, undefined))).toBe('7123456789');
    expect(botIdOfRequest(at('https://inbox.example.com/api/v1/webhooks/telegram', undefined))).toBeUndefined();
    expect(botIdOfRequest(at('https://inbox.example.com/api/v1/webhooks/telegram?bot=1&bot=2', undefined))).toBeUndefined();
    expect(botIdOfRequest(at('https://inbox.example.com/api/v1/webhooks/telegram?bot=abc', undefined))).toBeUndefined();
  });

  it("accepts the bot's own secret and refuses another bot's, or none", () => {
    const url = webhookUrl('https://inbox.example.com', '7123456789');
    const own = botSecretToken(base, '7123456789');
    expect(own).toMatch(SECRET_TOKEN_PATTERN);
    expect(verifyTelegramWebhook(at(url, own), base)).toEqual({ ok: true });
    expect(verifyTelegramWebhook(at(url, botSecretToken(base, '7000000001')), base).ok).toBe(false);
    expect(verifyTelegramWebhook(at(url, base), base).ok).toBe(false);
    expect(verifyTelegramWebhook(at(url, undefined), base)).toEqual({ ok: false, reason: 'missing X-Telegram-Bot-Api-Secret-Token header' });
    expect(verifyTelegramWebhook(at('https://inbox.example.com/api/v1/webhooks/telegram', own), base)).toEqual({ ok: false, reason: 'the Telegram webhook URL names no bot (?bot=<id>)' });
    expect(verifyTelegramWebhook(at(url, own), undefined)).toEqual({ ok: false, reason: 'no Telegram webhook secret configured' });
  });
});
