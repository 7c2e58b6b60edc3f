import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimAccount } from '../../../src/simulator/index.ts';
import { call, json, startHarness, type Harness } from '../helpers.ts';
// A real Ogg/Opus voice note (Chromium's recording, remuxed): sendVoice refuses other bytes, as Telegram does.
const VOICE_OGG = fs.readFileSync(new URL('../fixtures/voice.ogg', import.meta.url));

/**
 * The simulated Bot API answers and refuses as api.telegram.org does, and its customers post
 * Updates to the bot's webhook with the secret token header.
 */

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const BOT: SimAccount = { platform: 'telegram', accountId: '7123456789', accessToken: TOKEN, displayName: 'Acme Support', username: 'acme_support_bot' };
const CUSTOMER = { id: '23', name: 'Sojan Jose', username: 'sojan' };
let h: Harness;
let api: (method: string, params?: unknown) => ReturnType<typeof call>;

beforeAll(async () => {
  h = await startHarness({ accounts: [BOT] });
  api = (method, params = {}) => call(`${h.sim.url}/telegram/bot${TOKEN}/${method}`, json(params));
});
afterAll(() => h.close());

async function hook(secret = 'secret_1'): Promise<void> {
  expect((await api('setWebhook', { url: `${h.receiver.url}/api/v1/webhooks/telegram?bot=7123456789`, secret_token: secret, allowed_updates: ['message', 'edited_message'] })).body).toEqual({
    ok: true,
    result: true,
    description: 'Webhook was set',
  });
}

describe('telegram simulator: the Bot API', () => {
  beforeEach(async () => {
    await api('deleteWebhook');
    h.receiver.requests.length = 0;
  });

  it('getMe names the bot; a wrong token is 401 Unauthorized, a malformed one and an unknown method 404', async () => {
    expect(await api('getMe')).toMatchObject({ status: 200, body: { ok: true, result: { id: 7123456789, is_bot: true, first_name: 'Acme Support', username: 'acme_support_bot' } } });
    expect(await call(`${h.sim.url}/telegram/bot7123456789:AAwrongwrongwrongwrongwrong/getMe`)).toMatchObject({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await call(`${h.sim.url}/telegram/botnot-a-token/getMe`)).toMatchObject({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    expect(await api('getUpdatesPlease')).toMatchObject({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    // Method names are case-insensitive, and GET with a query string works too.
    expect(await call(`${h.sim.url}/telegram/bot${TOKEN}/GETME`)).toMatchObject({ status: 200 });
  });

  it('setWebhook checks the URL, the secret and allowed_updates; getWebhookInfo reports them', async () => {
    expect((await api('setWebhook', { url: 'http://inbox.example.com/hook' })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    });
    expect((await api('setWebhook', { url: 'https://inbox.example.com:3000/hook' })).status).toBe(400);
    expect((await api('setWebhook', { url: 'https://inbox.example.com/hook', secret_token: 'has spaces' })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: secret token contains unallowed characters',
    });
    expect((await api('setWebhook', { url: 'https://inbox.example.com/hook', allowed_updates: 'message' })).status).toBe(400);
    expect((await api('setWebhook', { url: 'https://inbox.example.com/hook', secret_token: 's', allowed_updates: '["message"]' })).body).toEqual({
      ok: true,
      result: true,
      description: 'Webhook was set',
    });
    expect((await api('getWebhookInfo')).body).toMatchObject({ ok: true, result: { url: 'https://inbox.example.com/hook', pending_update_count: 0, allowed_updates: ['message'] } });
    expect((await api('deleteWebhook')).body).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
    expect((await api('getWebhookInfo')).body).toEqual({ ok: true, result: { url: '', has_custom_certificate: false, pending_update_count: 0 } });
  });

  it('a customer message is posted to the webhook with the secret; without a webhook it waits, then goes out', async () => {
    const waiting = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'Hi there' });
    expect(waiting).toMatchObject({ status: 0, notDelivered: expect.stringContaining('no webhook') });
    expect((await api('getWebhookInfo')).body).toMatchObject({ result: { pending_update_count: 1 } });
    await hook();
    const delivered = await h.receiver.waitFor(() => true);
    expect(delivered.url).toBe('/api/v1/webhooks/telegram?bot=7123456789');
    expect(delivered.headers['x-telegram-bot-api-secret-token']).toBe('secret_1');
    expect(delivered.headers['content-type']).toBe('application/json');
    const update = JSON.parse(delivered.body.toString()) as { update_id: number; message: Record<string, unknown> };
    expect(update.message).toMatchObject({
      message_id: 1,
      text: 'Hi there',
      chat: { id: 23, type: 'private', first_name: 'Sojan', last_name: 'Jose', username: 'sojan' },
      from: { id: 23, is_bot: false },
    });
    expect(waiting.externalId).toBe('23:1');
  });

  it('a webhook that refuses the update shows in getWebhookInfo as Telegram reports it', async () => {
    await hook();
    h.receiver.respond = () => ({ status: 401, body: 'no' });
    try {
      const res = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'anyone?' });
      expect(res.status).toBe(401);
      expect((await api('getWebhookInfo')).body).toMatchObject({
        result: { pending_update_count: 1, last_error_message: 'Wrong response from the webhook: 401 Unauthorized', last_error_date: expect.any(Number) },
      });
    } finally {
      h.receiver.respond = () => ({ status: 200, body: 'ok' });
      await api('setWebhook', { url: '', drop_pending_updates: true });
    }
  });

  it('sendMessage reaches only a chat the customer opened, with Telegram limits and reply checks', async () => {
    await hook();
    const first = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'question' });
    const [, messageId] = (first.externalId ?? '').split(':').map(Number);
    const sent = await api('sendMessage', { chat_id: 23, text: 'answer', reply_parameters: { message_id: messageId } });
    expect(sent.body).toMatchObject({
      ok: true,
      result: { message_id: (messageId ?? 0) + 1, from: { id: 7123456789, is_bot: true }, chat: { id: 23, type: 'private' }, text: 'answer', reply_to_message: { message_id: messageId } },
    });
    expect(h.sim.message(`23:${(messageId ?? 0) + 1}`)).toMatchObject({ text: 'answer', direction: 'outbound' });
    expect((await api('sendMessage', { chat_id: 99, text: 'x' })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    expect((await api('sendMessage', { text: 'x' })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    expect((await api('sendMessage', { chat_id: '23', text: '  ' })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    expect((await api('sendMessage', { chat_id: '23', text: 'x'.repeat(4097) })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    expect((await api('sendMessage', { chat_id: '23', text: 'x'.repeat(4096) })).status).toBe(200);
    expect((await api('sendMessage', { chat_id: '23', text: 'x', reply_parameters: { message_id: 9999 } })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message to be replied not found',
    });
    expect((await api('sendMessage', { chat_id: '23', text: 'x', reply_parameters: { message_id: 9999, allow_sending_without_reply: true } })).status).toBe(200);
  });

  it('media by URL is fetched when sent (a link Telegram cannot fetch fails), by file_id or uploaded; getFile then the file host', async () => {
    await hook();
    await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'send me the form' });
    h.receiver.respond = (req) => (req.url === '/media/form.pdf' ? { status: 200, body: '%PDF-1.4 form' } : { status: 200, body: 'ok' });
    const byUrl = await api('sendDocument', { chat_id: 23, document: `${h.receiver.url}/media/form.pdf`, caption: 'here it is' });
    expect(byUrl.body).toMatchObject({ ok: true, result: { caption: 'here it is', document: { file_name: 'form.pdf', file_size: 13 } } });
    expect((await api('sendPhoto', { chat_id: 23, photo: `${h.receiver.url}/missing.jpg`.replace(h.receiver.url, 'http://127.0.0.1:9') })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: failed to get HTTP URL content',
    });
    expect((await api('sendPhoto', { chat_id: 23, photo: 'AgACnot-a-file' })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    expect((await api('sendPhoto', { chat_id: 23, photo: `${h.receiver.url}/x.jpg`, caption: 'c'.repeat(1025) })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message caption is too long',
    });

    const form = new FormData();
    form.set('chat_id', '23');
    form.set('voice', new Blob([VOICE_OGG], { type: 'audio/ogg' }), 'note.ogg');
    const uploaded = await call(`${h.sim.url}/telegram/bot${TOKEN}/sendVoice`, { method: 'POST', body: form });
    const voice = (uploaded.body as { result: { voice: { file_id: string } } }).result.voice;
    const file = await api('getFile', { file_id: voice.file_id });
    const filePath = (file.body as { result: { file_path: string } }).result.file_path;
    expect(filePath).toMatch(/^voice\/file_[A-Za-z0-9_-]+\.ogg$/);
    const bytes = await fetch(`${h.sim.url}/telegram/file/bot${TOKEN}/${filePath}`);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(VOICE_OGG)).toBe(true);
    expect((await fetch(`${h.sim.url}/telegram/file/bot7123456789:AAwrongwrongwrongwrongwrong/${filePath}`)).status).toBe(404);
    expect((await api('getFile', { file_id: 'BQACnope' })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
  });

  it('each customer kind arrives in the Bot API shape', async () => {
    await hook();
    const kinds = ['text', 'image', 'file', 'voice', 'audio', 'video', 'video_note', 'sticker', 'location', 'venue', 'contact', 'unsupported'] as const;
    const fields = ['text', 'photo', 'document', 'voice', 'audio', 'video', 'video_note', 'sticker', 'location', 'venue', 'contact', 'dice'];
    for (const [i, kind] of kinds.entries()) {
      const res = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, kind, ...(kind === 'image' && { media: { type: 'image', caption: 'look' } }) });
      expect(res.status).toBe(200);
      const message = (res.payload as { message: Record<string, unknown> }).message;
      expect(message, kind).toHaveProperty(fields[i] ?? '');
    }
    const photo = h.receiver.requests
      .map((r) => JSON.parse(r.body.toString()) as { message?: { photo?: { width: number; file_id: string }[]; caption?: string } })
      .find((u) => u.message?.photo)?.message;
    expect(photo?.photo?.map((p) => p.width)).toEqual([90, 320, 800]);
    expect(photo?.caption).toBe('look');
    const largest = photo?.photo?.at(-1)?.file_id ?? '';
    const file = await api('getFile', { file_id: largest });
    const bytes = await fetch(`${h.sim.url}/telegram/file/bot${TOKEN}/${(file.body as { result: { file_path: string } }).result.file_path}`);
    expect([...Buffer.from(await bytes.arrayBuffer()).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('an edit is an update of its own; an update type outside allowed_updates is never posted', async () => {
    await hook();
    const original = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'typo' });
    const edit = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, kind: 'edit', replyTo: original.externalId, text: 'fixed' });
    expect(edit.payload).toMatchObject({ edited_message: { message_id: Number(original.externalId?.split(':')[1]), text: 'fixed', edit_date: expect.any(Number) } });
    // Posted as given, a button press still reaches the webhook (a test of the receiver's side).
    const press = { update_id: 9, callback_query: { id: '1', from: { id: 23, is_bot: false, first_name: 'Sojan' }, chat_instance: '-1', data: 'x' } };
    expect((await h.sim.customers.sendRaw('telegram', press)).status).toBe(200);
  });

  it('a customer named like on other platforms gets a stable Telegram user id', async () => {
    await hook();
    const a = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: { id: 'kim-1', name: 'Kim Lee' }, text: 'hi' });
    const b = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: { id: 'kim-1', name: 'Kim Lee' }, text: 'again' });
    const chatId = (a.payload as { message: { chat: { id: number } } }).message.chat.id;
    expect(Number.isSafeInteger(chatId) && chatId > 0).toBe(true);
    expect(b.externalId).toBe(`${chatId}:2`);
  });

  it('faults answer the way Telegram does', async () => {
    await hook();
    await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'hi' });
    h.sim.faults.set({ platform: 'telegram', kind: 'rate_limit', retryAfterSeconds: 7 });
    expect((await api('sendMessage', { chat_id: 23, text: 'a' })).body).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    h.sim.faults.set({ platform: 'telegram', kind: 'window_closed' });
    expect((await api('sendMessage', { chat_id: 23, text: 'a' })).body).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    h.sim.faults.set({ platform: 'telegram', kind: 'token_expired' });
    expect((await api('getMe')).body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });
});
