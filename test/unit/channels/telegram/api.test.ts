import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { botApiFailure } from '../../../../src/channels/telegram/bot-api-client.ts';
import { sendTelegram, TELEGRAM_CAPTION_LIMIT } from '../../../../src/channels/telegram/api.ts';
import type { BotApiCall } from '../../../../src/channels/telegram/bot-api-client.ts';
import { deadUrl, startFakePlatform, type FakePlatform } from '../fake-platform-server.ts';

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
let bot: FakePlatform;
let call: BotApiCall;

beforeAll(async () => {
  bot = await startFakePlatform();
  // Generous: a busy CI machine's first request can take seconds; the hang case sets its own short timeout.
  call = { apiUrl: bot.url, botToken: TOKEN, timeoutMs: 10_000 };
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.requests.length = 0;
});

const sent = (messageId: number, chatId = 23) => ({ json: { ok: true, result: { message_id: messageId, date: 1_763_714_000, chat: { id: chatId, type: 'private' }, text: 'x' } } });
const refused = (status: number, description: string, parameters?: object) => ({ status, json: { ok: false, error_code: status, description, ...(parameters && { parameters }) } });

describe('telegram send', () => {
  it('sends text with sendMessage to the chat, and records <chat id>:<message id>', async () => {
    bot.reply(sent(57));
    const result = await sendTelegram(call, { recipientId: '23', text: 'Hello!' });
    expect(result).toEqual({ ok: true, externalId: '23:57' });
    const req = bot.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.json()).toEqual({ chat_id: '23', text: 'Hello!' });
  });

  it('replies with reply_parameters naming the message in this chat, sent anyway if it was deleted', async () => {
    bot.reply(sent(58));
    await sendTelegram(call, { recipientId: '23', text: 'Yes', replyToExternalId: '23:11' });
    expect(bot.requests[0]?.json()).toEqual({ chat_id: '23', text: 'Yes', reply_parameters: { message_id: 11, allow_sending_without_reply: true } });
  });

  it('ignores a reply target of another chat or of another platform', async () => {
    bot.reply(sent(59), sent(60));
    await sendTelegram(call, { recipientId: '23', text: 'a', replyToExternalId: '24:11' });
    await sendTelegram(call, { recipientId: '23', text: 'b', replyToExternalId: 'wamid.HBg=' });
    expect(bot.requests.map((r) => r.json())).toEqual([
      { chat_id: '23', text: 'a' },
      { chat_id: '23', text: 'b' },
    ]);
  });

  it('sends each kind of attachment by URL with its method, the text as caption', async () => {
    const cases = [
      { media: { type: 'image', mimeType: 'image/png' }, path: 'sendPhoto', field: 'photo' },
      { media: { type: 'video', mimeType: 'video/mp4' }, path: 'sendVideo', field: 'video' },
      { media: { type: 'audio', mimeType: 'audio/ogg; codecs=opus' }, path: 'sendVoice', field: 'voice' },
      { media: { type: 'audio', mimeType: 'audio/mpeg' }, path: 'sendAudio', field: 'audio' },
      { media: { type: 'audio', mimeType: 'audio/wav' }, path: 'sendDocument', field: 'document' },
      { media: { type: 'file', mimeType: 'application/pdf' }, path: 'sendDocument', field: 'document' },
    ] as const;
    for (const [i, c] of cases.entries()) {
      bot.reply(sent(100 + i));
      const url = `https://inbox.example.com/media/k${i}?sig=abc`;
      const result = await sendTelegram(call, { recipientId: '23', text: 'see this', media: { type: c.media.type, mimeType: c.media.mimeType, url }, replyToExternalId: '23:5' });
      expect(result).toEqual({ ok: true, externalId: `23:${100 + i}` });
      const req = bot.requests.at(-1);
      expect(req?.path).toBe(`/bot${TOKEN}/${c.path}`);
      expect(req?.json()).toEqual({ chat_id: '23', [c.field]: url, caption: 'see this', reply_parameters: { message_id: 5, allow_sending_without_reply: true } });
    }
  });

  it('sends text too long for a caption after the attachment, and records both ids', async () => {
    bot.reply(sent(70), sent(71));
    const text = 'x'.repeat(TELEGRAM_CAPTION_LIMIT.max + 1);
    const result = await sendTelegram(call, { recipientId: '23', text, media: { type: 'image', mimeType: 'image/jpeg', url: 'https://inbox.example.com/m/1' } });
    expect(result).toEqual({ ok: true, externalId: '23:71', extraExternalIds: ['23:70'] });
    expect(bot.requests.map((r) => r.path.split('/').pop())).toEqual(['sendPhoto', 'sendMessage']);
    expect(bot.requests[0]?.json()).not.toHaveProperty('caption');
  });

  it('refuses text over 4096 UTF-16 units and templates before calling Telegram', async () => {
    expect(await sendTelegram(call, { recipientId: '23', text: '😀'.repeat(2049) })).toMatchObject({ ok: false, failure: { code: 'MESSAGE_TOO_LONG', retryable: false } });
    expect(await sendTelegram(call, { recipientId: '23', template: { name: 'hello', language: 'en' } })).toMatchObject({ ok: false, failure: { code: 'TEMPLATE_INVALID' } });
    expect(bot.requests).toHaveLength(0);
  });

  it('maps Telegram refusals to snorq failures', async () => {
    bot.reply(refused(429, 'Too Many Requests: retry after 35', { retry_after: 35 }));
    expect(await sendTelegram(call, { recipientId: '23', text: 'a' })).toMatchObject({ ok: false, failure: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 35_000 } });
    bot.reply(refused(403, 'Forbidden: bot was blocked by the user'));
    expect(await sendTelegram(call, { recipientId: '23', text: 'a' })).toMatchObject({ ok: false, failure: { code: 'RECIPIENT_BLOCKED', retryable: false } });
    // Each 403 is the person's doing, never the token's: not a reconnect (nyaruka/courier treats both as a stopped contact).
    bot.reply(refused(403, 'Forbidden: user is deactivated'));
    const deactivated = await sendTelegram(call, { recipientId: '23', text: 'a' });
    expect(deactivated).toMatchObject({ ok: false, failure: { code: 'RECIPIENT_BLOCKED', retryable: false, reason: expect.stringMatching(/deleted their Telegram account/) } });
    expect(deactivated.ok === false && deactivated.failure.tokenInvalid).toBeFalsy();
    bot.reply(refused(403, "Forbidden: bot can't initiate conversation with a user"));
    expect(await sendTelegram(call, { recipientId: '23', text: 'a' })).toMatchObject({
      ok: false,
      failure: { code: 'RECIPIENT_BLOCKED', platformCode: "403 Forbidden: bot can't initiate conversation with a user" },
    });
    bot.reply(refused(400, 'Bad Request: chat not found'));
    expect(await sendTelegram(call, { recipientId: '99', text: 'a' })).toMatchObject({ ok: false, failure: { code: 'INVALID_RECIPIENT', retryable: false } });
    bot.reply(refused(401, 'Unauthorized'));
    expect(await sendTelegram(call, { recipientId: '23', text: 'a' })).toMatchObject({ ok: false, failure: { code: 'TOKEN_EXPIRED', tokenInvalid: true, retryable: false } });
    bot.reply(refused(400, 'Bad Request: wrong file identifier/HTTP URL specified'));
    expect(await sendTelegram(call, { recipientId: '23', media: { type: 'image', mimeType: 'image/jpeg', url: 'https://x.example/1' } })).toMatchObject({
      ok: false,
      failure: { code: 'MEDIA_UPLOAD_FAILED' },
    });
    bot.reply({ status: 502, body: '<html>Bad Gateway</html>' });
    expect(await sendTelegram(call, { recipientId: '23', text: 'a' })).toMatchObject({ ok: false, failure: { code: 'PLATFORM_UNAVAILABLE', retryable: true } });
  });

  it('treats a 200 with ok:false as a refusal and an unreadable result as final', async () => {
    bot.reply({ json: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' } });
    expect(await sendTelegram(call, { recipientId: '23', text: 'a' })).toMatchObject({
      ok: false,
      failure: { code: 'UNKNOWN_PLATFORM_ERROR', reason: 'Telegram refused the request: Bad Request: message text is empty' },
    });
    bot.reply({ json: { ok: true, result: true } });
    expect(await sendTelegram(call, { recipientId: '23', text: 'a' })).toMatchObject({ ok: false, failure: { retryable: false, platformCode: 'unreadable_result' } });
  });

  it('a refused connection is retryable and never reached Telegram; a timeout may have', async () => {
    const refusedCall = { ...call, apiUrl: await deadUrl() };
    const down = await sendTelegram(refusedCall, { recipientId: '23', text: 'a' });
    expect(down).toMatchObject({ ok: false, failure: { code: 'PLATFORM_UNAVAILABLE', retryable: true } });
    expect(down.ok ? undefined : down.failure.maybeDelivered).toBeUndefined();
    bot.reply({ hang: true });
    const hung = await sendTelegram({ ...call, timeoutMs: 200 }, { recipientId: '23', text: 'a' });
    expect(hung).toMatchObject({ ok: false, failure: { platformCode: 'timeout', maybeDelivered: true } });
  });

  it('a file past what Telegram fetches by link is uploaded when snorq has it on disk, else refused here with the sizes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-upload-'));
    try {
      const localPath = path.join(dir, 'plan.pdf');
      fs.writeFileSync(localPath, '%PDF-1.4 plan');
      const big = { type: 'file' as const, mimeType: 'application/pdf', url: 'https://inbox.example.com/m/9', filename: 'plan.pdf', size: 21 * 1_048_576 };
      bot.reply(sent(60));
      expect(await sendTelegram(call, { recipientId: '23', text: 'the plan', media: { ...big, localPath }, replyToExternalId: '23:5' })).toEqual({ ok: true, externalId: '23:60' });
      const req = bot.requests[0];
      expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      const body = req?.body.toString() ?? '';
      expect(body).toContain('name="document"; filename="plan.pdf"');
      expect(body).toContain('%PDF-1.4 plan');
      expect(body).toContain('{"message_id":5,"allow_sending_without_reply":true}');
      expect(body).not.toContain('https://inbox.example.com/m/9');

      bot.requests.length = 0;
      expect(await sendTelegram(call, { recipientId: '23', media: big })).toMatchObject({
        ok: false,
        failure: { code: 'MEDIA_UPLOAD_FAILED', reason: expect.stringContaining('at most 20 MB'), retryable: false },
      });
      expect(await sendTelegram(call, { recipientId: '23', media: { ...big, localPath, size: 51 * 1_048_576 } })).toMatchObject({
        ok: false,
        failure: { reason: expect.stringContaining('at most 50 MB') },
      });
      expect(bot.requests).toEqual([]);
      // Within the by-link limit (or of unknown size) it still goes by URL.
      bot.reply(sent(61));
      await sendTelegram(call, { recipientId: '23', media: { ...big, localPath, size: 1_048_576 } });
      expect(JSON.parse(bot.requests[0]?.body.toString() ?? '{}')).toMatchObject({ document: 'https://inbox.example.com/m/9' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 413 from Telegram is an attachment too large, not retried', () => {
    expect(botApiFailure(413, { ok: false, error_code: 413, description: 'Request Entity Too Large' }, new Headers())).toMatchObject({ code: 'MEDIA_UPLOAD_FAILED', retryable: false });
  });

  it('never puts the bot token in a reason', () => {
    const failure = botApiFailure(400, { ok: false, error_code: 400, description: 'Bad Request: something' }, new Headers());
    expect(JSON.stringify(failure)).not.toContain(TOKEN);
  });
});
