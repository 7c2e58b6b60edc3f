import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SimAccount } from '../../../src/simulator/index.ts';
import { startSimulator } from '../../../src/simulator/index.ts';
import { call, json, SECRETS, startHarness, type Harness } from '../helpers.ts';

/**
 * The simulated Bot API held to the reference (https://core.telegram.org/bots/api): every object
 * it emits, in updates and in send results, has the fields the reference requires with their
 * types and no field the reference does not list (file objects are checked strictly; User, Chat
 * and Message let newer fields through); setWebhook refuses what api.telegram.org refuses, in its
 * order and words (tdlib/telegram-bot-api: Client::do_set_webhook, WebhookActor); uploads are
 * capped as "Sending files" says.
 */

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const BOT: SimAccount = { platform: 'telegram', accountId: '7123456789', accessToken: TOKEN, displayName: 'Acme Support', username: 'acme_support_bot' };
const CUSTOMER = { id: '23', name: 'Sojan Jose', username: 'sojan' };
const MB = 1_048_576;

const Int = z.number().int();
const FileId = { file_id: z.string().min(1), file_unique_id: z.string().min(1), file_size: Int.optional() };
const PhotoSize = z.strictObject({ ...FileId, width: Int, height: Int });
const Document = z.strictObject({ ...FileId, thumbnail: PhotoSize.optional(), file_name: z.string().optional(), mime_type: z.string().optional() });
const Audio = z.strictObject({
  ...FileId,
  duration: Int,
  performer: z.string().optional(),
  title: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  thumbnail: PhotoSize.optional(),
});
const Voice = z.strictObject({ ...FileId, duration: Int, mime_type: z.string().optional() });
const Video = z.strictObject({ ...FileId, width: Int, height: Int, duration: Int, thumbnail: PhotoSize.optional(), file_name: z.string().optional(), mime_type: z.string().optional() });
const VideoNote = z.strictObject({ ...FileId, length: Int, duration: Int, thumbnail: PhotoSize.optional() });
const Sticker = z.strictObject({
  ...FileId,
  type: z.enum(['regular', 'mask', 'custom_emoji']),
  width: Int,
  height: Int,
  is_animated: z.boolean(),
  is_video: z.boolean(),
  emoji: z.string().optional(),
  set_name: z.string().optional(),
  thumbnail: PhotoSize.optional(),
});
const Location = z.strictObject({ latitude: z.number(), longitude: z.number(), horizontal_accuracy: z.number().optional(), live_period: Int.optional() });
const Venue = z.strictObject({ location: Location, title: z.string(), address: z.string(), foursquare_id: z.string().optional(), google_place_id: z.string().optional() });
const Contact = z.strictObject({ phone_number: z.string(), first_name: z.string(), last_name: z.string().optional(), user_id: Int.optional(), vcard: z.string().optional() });
const Dice = z.strictObject({ emoji: z.string(), value: Int });
const Entity = z.strictObject({ type: z.string(), offset: Int, length: Int.positive(), url: z.string().optional() });
const User = z.looseObject({ id: Int, is_bot: z.boolean(), first_name: z.string().min(1), last_name: z.string().optional(), username: z.string().optional(), language_code: z.string().optional() });
const Chat = z.looseObject({ id: Int, type: z.literal('private'), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional() });
const Content = {
  text: z.string().min(1).optional(),
  entities: z.array(Entity).optional(),
  caption: z.string().optional(),
  photo: z.array(PhotoSize).min(1).optional(),
  document: Document.optional(),
  audio: Audio.optional(),
  voice: Voice.optional(),
  video: Video.optional(),
  video_note: VideoNote.optional(),
  sticker: Sticker.optional(),
  location: Location.optional(),
  venue: Venue.optional(),
  contact: Contact.optional(),
  dice: Dice.optional(),
};
const Replied = z.looseObject({ message_id: Int, date: Int, chat: Chat, from: User.optional(), ...Content });
const Message = z.looseObject({ message_id: Int.positive(), date: Int, chat: Chat, from: User.optional(), edit_date: Int.optional(), reply_to_message: Replied.optional(), ...Content });
/** An Update: update_id and exactly one of its optional fields. */
const Update = z
  .looseObject({ update_id: Int, message: Message.optional(), edited_message: Message.optional() })
  .refine((u) => Object.keys(u).length === 2, 'an update carries exactly one object besides update_id');

let h: Harness;
let api: (method: string, params?: unknown) => ReturnType<typeof call>;
const upload = (method: string, fields: Record<string, string>, file: { field: string; bytes: Buffer; type: string; name: string }) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return call(`${h.sim.url}/telegram/bot${TOKEN}/${method}`, { method: 'POST', body: form });
};

beforeAll(async () => {
  h = await startHarness({ accounts: [BOT] });
  api = (method, params = {}) => call(`${h.sim.url}/telegram/bot${TOKEN}/${method}`, json(params));
});
afterAll(() => h.close());

describe('telegram simulator: objects as the Bot API reference describes them', () => {
  beforeEach(async () => {
    await api('setWebhook', { url: `${h.receiver.url}/api/v1/webhooks/telegram?bot=7123456789`, secret_token: 's1', allowed_updates: ['message', 'edited_message'] });
    h.receiver.requests.length = 0;
  });

  it('every customer update, each kind and an edit, has the reference’s required fields and types', async () => {
    const kinds = ['text', 'image', 'file', 'voice', 'audio', 'video', 'video_note', 'sticker', 'location', 'venue', 'contact', 'unsupported'] as const;
    const first = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: '/start' });
    for (const kind of kinds) await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, kind, replyTo: first.externalId });
    await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'see https://example.com/a?b=1 please' });
    await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, kind: 'edit', replyTo: first.externalId, text: '/start again' });
    const updates = h.receiver.requests.map((r) => JSON.parse(r.body.toString()) as unknown);
    expect(updates).toHaveLength(kinds.length + 3);
    for (const update of updates) {
      const checked = Update.safeParse(update);
      expect(checked.success, `${JSON.stringify(update)}\n${checked.error?.message}`).toBe(true);
    }
    const messages = updates.map((u) => (u as { message?: z.infer<typeof Message> }).message);
    expect(messages[0]).toMatchObject({ text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    expect(messages.find((m) => m?.video)?.video).toMatchObject({ width: expect.any(Number), height: expect.any(Number), duration: expect.any(Number) });
    expect(messages.find((m) => m?.text?.startsWith('see '))?.entities).toEqual([{ type: 'url', offset: 4, length: 'https://example.com/a?b=1'.length }]);
  });

  it('every send answers with a Message the reference describes: text, each kind of file uploaded, a reply', async () => {
    const first = await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'hello' });
    const replyTo = Number(first.externalId!.split(':')[1]);
    const results = [
      await api('sendMessage', { chat_id: 23, text: 'Hi!', reply_parameters: { message_id: replyTo } }),
      await upload('sendPhoto', { chat_id: '23', caption: 'a photo' }, { field: 'photo', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0]), type: 'image/jpeg', name: 'p.jpg' }),
      await upload('sendDocument', { chat_id: '23' }, { field: 'document', bytes: Buffer.from('%PDF-1.4'), type: 'application/pdf', name: 'a.pdf' }),
      await upload('sendVoice', { chat_id: '23' }, { field: 'voice', bytes: fs.readFileSync(new URL('../fixtures/voice.ogg', import.meta.url)), type: 'audio/ogg', name: 'v.ogg' }),
      await upload('sendVideo', { chat_id: '23', width: '1920', height: '1080', duration: '12' }, { field: 'video', bytes: Buffer.from('mp4'), type: 'video/mp4', name: 'v.mp4' }),
      await upload('sendAudio', { chat_id: '23', title: 'Jingle' }, { field: 'audio', bytes: Buffer.from('ID3'), type: 'audio/mpeg', name: 'j.mp3' }),
    ];
    for (const res of results) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const checked = Message.safeParse((res.body as { result: unknown }).result);
      expect(checked.success, `${JSON.stringify(res.body)}\n${checked.error?.message}`).toBe(true);
    }
    expect((results[0]!.body as { result: { reply_to_message: unknown } }).result.reply_to_message).toMatchObject({
      message_id: replyTo,
      from: { id: 23, is_bot: false },
      text: 'hello',
    });
    expect((results[4]!.body as { result: { video: unknown } }).result.video).toMatchObject({ width: 1920, height: 1080, duration: 12, mime_type: 'video/mp4' });
    expect((results[5]!.body as { result: { audio: unknown } }).result.audio).toMatchObject({ title: 'Jingle', duration: expect.any(Number) });
  });
});

describe('telegram simulator: uploads are capped as the Bot API caps them', () => {
  it('a photo over 10 MB, a request over 50 MB and an empty file are refused in Telegram’s words; under the caps they go', async () => {
    await h.sim.customers.send('telegram', { accountId: BOT.accountId, customer: CUSTOMER, text: 'files please' });
    const photo = (size: number) => upload('sendPhoto', { chat_id: '23' }, { field: 'photo', bytes: Buffer.alloc(size, 1), type: 'image/jpeg', name: 'big.jpg' });
    expect((await photo(10 * MB + 1)).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: PHOTO_SAVE_FILE_INVALID' });
    // Over the 5 MB Telegram fetches by link, within the 10 MB it takes by upload.
    expect((await photo(6 * MB)).status).toBe(200);
    const document = (size: number) => upload('sendDocument', { chat_id: '23' }, { field: 'document', bytes: Buffer.alloc(size, 2), type: 'application/zip', name: 'big.zip' });
    const tooBig = await document(50 * MB + 1);
    expect(tooBig).toMatchObject({ status: 413, body: { ok: false, error_code: 413, description: 'Request Entity Too Large' } });
    expect((await document(0)).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: file must be non-empty' });
  }, 120_000); // 60 MB of uploads on a shared machine
});

describe('telegram simulator: setWebhook refuses what api.telegram.org refuses', () => {
  const set = (params: Record<string, unknown>) => api('setWebhook', params).then((r) => r.body);
  const refused = (description: string) => ({ ok: false, error_code: 400, description });

  it('the secret token: at most 256 characters of A-Za-z0-9_-, checked before the URL’s scheme; empty is none', async () => {
    const url = 'https://inbox.example.com/hook';
    expect(await set({ url, secret_token: 'a'.repeat(257) })).toEqual(refused('Bad Request: secret token is too long'));
    expect(await set({ url, secret_token: 'a+b' })).toEqual(refused('Bad Request: secret token contains unallowed characters'));
    expect(await set({ url: 'http://inbox.example.com/hook', secret_token: 'a'.repeat(257) })).toEqual(refused('Bad Request: secret token is too long'));
    expect(await set({ url, secret_token: 'a'.repeat(256) })).toMatchObject({ ok: true });
    expect(await set({ url, secret_token: '' })).toMatchObject({ ok: true });
    expect((await api('getWebhookInfo')).body).toMatchObject({ result: { url } });
  });

  it('the URL: it parses, is HTTPS on 443, 80, 88 or 8443, to a public address', async () => {
    expect(await set({ url: 'not a url' })).toEqual(refused('Bad Request: invalid webhook URL specified'));
    expect(await set({ url: 'http://inbox.example.com/hook' })).toEqual(refused('Bad Request: bad webhook: An HTTPS URL must be provided for webhook'));
    expect(await set({ url: 'https://inbox.example.com:3000/hook' })).toEqual(refused('Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443'));
    expect(await set({ url: 'https://127.0.0.1:8443/hook' })).toEqual(refused('Bad Request: bad webhook: IP address 127.0.0.1 is reserved'));
    expect(await set({ url: 'https://192.168.1.20/hook' })).toEqual(refused('Bad Request: bad webhook: IP address 192.168.1.20 is reserved'));
    expect(await set({ url: 'https://localhost/hook' })).toEqual(refused('Bad Request: bad webhook: IP address 127.0.0.1 is reserved'));
    expect(await set({ url: 'https://[::1]/hook' })).toEqual(refused('Bad Request: bad webhook: IPv6-only addresses are not allowed'));
    expect(await set({ url: 'https://inbox.example.com:8443/hook' })).toMatchObject({ ok: true });
  });

  it('plain HTTP only to the snorq the simulator was started for, never to another loopback port', async () => {
    expect(await set({ url: `${h.receiver.url}/api/v1/webhooks/telegram?bot=7123456789` })).toMatchObject({ ok: true });
    const otherPort = `http://127.0.0.1:${Number(new URL(h.receiver.url).port) + 1}/hook`;
    expect(await set({ url: otherPort })).toEqual(refused('Bad Request: bad webhook: An HTTPS URL must be provided for webhook'));
    // Started for a public address (the sandbox behind a tunnel): that one is allowed, the loopback one is not.
    const other = await startSimulator({ port: 0, webhookBaseUrl: 'http://127.0.0.1:3000', publicWebhookBaseUrl: 'http://inbox.test:8080', accounts: [BOT], secrets: SECRETS });
    try {
      const setOn = (url: string) => call(`${other.url}/telegram/bot${TOKEN}/setWebhook`, json({ url })).then((r) => r.body);
      expect(await setOn('http://inbox.test:8080/api/v1/webhooks/telegram')).toMatchObject({ ok: true });
      expect(await setOn('http://127.0.0.1:3000/api/v1/webhooks/telegram')).toMatchObject({ ok: true });
      expect(await setOn('http://127.0.0.1:3001/api/v1/webhooks/telegram')).toEqual(refused('Bad Request: bad webhook: An HTTPS URL must be provided for webhook'));
    } finally {
      await other.close();
    }
  });
});
