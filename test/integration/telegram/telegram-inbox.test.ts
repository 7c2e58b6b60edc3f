import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChannelSubscription } from '../../../src/core/connections/subscription-checker.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';
import { BOT_ID, BOT_TOKEN, signInAdmin, startTelegramWorld, type AdminApi, type TelegramWorld } from './telegram-harness.ts';

/**
 * Telegram end to end over real HTTP: a bot connected by its token from the channels API (getMe,
 * setWebhook against the simulated Bot API), customers writing every kind of message through
 * the simulator's signed-by-secret webhooks, agents answering with text, media and replies.
 */

const TELEGRAM = 'telegram';

let world: TelegramWorld;
let sim: Simulator;
let snorq: RunningSnorq;
let api: AdminApi;

const db = () => snorq.ctx.db;
const messageByExternalId = (id: string) => db().selectFrom('messages').selectAll().where('external_id', '=', id).executeTakeFirst();
const journalCount = async () =>
  Number(
    (
      await db()
        .selectFrom('webhook_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const messageCount = async () =>
  Number(
    (
      await db()
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  world = await startTelegramWorld();
  sim = world.sim;
  snorq = await startTestSnorq(world.database.url, world.snorqEnv);
  ({ api } = await signInAdmin(world, snorq.url));
}, 60_000);

afterAll(async () => {
  await snorq?.stop();
  await world?.close();
});

describe('connecting a bot by its token', () => {
  it('a token the Bot API refuses: a clear error, nothing stored, no webhook set', async () => {
    const res = await api('/api/v1/channels', { json: { platform: 'telegram', credentials: { botToken: '7123456789:AAwrongwrongwrongwrongwrong' } } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'CREDENTIALS_REJECTED' } });
    expect(await db().selectFrom('channels').selectAll().where('platform', '=', TELEGRAM).execute()).toEqual([]);
    expect(sim.recorded.list({ platform: 'telegram', path: /setWebhook/ })).toEqual([]);
  });

  it('a good token: the bot is named by getMe and its webhook points at snorq with its secret', async () => {
    const res = await api('/api/v1/channels', { json: { platform: 'telegram', credentials: { botToken: BOT_TOKEN } } });
    expect(res.status).toBe(201);
    const channel = await db().selectFrom('channels').selectAll().where('platform', '=', TELEGRAM).executeTakeFirstOrThrow();
    expect(channel).toMatchObject({ external_account_id: BOT_ID, display_name: '@acme_support_bot', connection_state: 'connected' });
    const set = sim.recorded.last({ platform: 'telegram', path: /setWebhook$/ });
    expect(set?.body).toMatchObject({ url: `${snorq.url.replace('localhost', '127.0.0.1')}/api/v1/webhooks/telegram?bot=${BOT_ID}`, allowed_updates: ['message', 'edited_message', 'callback_query'] });
    expect(String((set?.body as { secret_token: string }).secret_token)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it("channel health reads getWebhookInfo, and shows Telegram's last delivery error", async () => {
    const channel = await db().selectFrom('channels').selectAll().where('platform', '=', TELEGRAM).executeTakeFirstOrThrow();
    expect(channel).toMatchObject({ subscription_state: 'subscribed' });
    const deps = { db: db(), config: snorq.ctx.config, secretBox: snorq.ctx.secretBox };
    const infoCalls = () => sim.recorded.list({ platform: 'telegram', path: /getWebhookInfo$/ }).length;
    const before = infoCalls();
    expect(await checkChannelSubscription(deps, channel.id)).toEqual({ state: 'subscribed', detail: null });
    expect(infoCalls()).toBe(before + 1);
    const forged = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text: 'x' } };
    expect((await sim.customers.sendRaw('telegram', forged, { signature: 'not-the-secret' })).status).toBe(401);
    expect(await checkChannelSubscription(deps, channel.id)).toMatchObject({ state: 'subscribed', detail: expect.stringContaining('Wrong response from the webhook: 401 Unauthorized') });
    const listed = (await (await api('/api/v1/channels')).json()) as { channels: { id: number; subscription: { detail: string | null } | null; health: { status: string } }[] };
    expect(listed.channels.find((c) => c.id === channel.id)).toMatchObject({ subscription: { detail: expect.stringContaining('401 Unauthorized') }, health: { status: 'ok' } });
  });

  it('a bot whose webhook was set before snorq read button taps is set again by the health check', async () => {
    const channel = await db().selectFrom('channels').selectAll().where('platform', '=', TELEGRAM).executeTakeFirstOrThrow();
    const current = sim.recorded.last({ platform: 'telegram', path: /setWebhook$/ })?.body as { url: string; secret_token: string };
    // What snorq's earlier versions asked for: no callback_query, so Telegram never sent taps.
    const old = await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: current.url, secret_token: current.secret_token, allowed_updates: ['message', 'edited_message'] }),
    });
    expect(old.status).toBe(200);
    const webhookInfo = async () => ((await (await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/getWebhookInfo`)).json()) as { result: { allowed_updates?: string[] } }).result;
    expect((await webhookInfo()).allowed_updates).toEqual(['message', 'edited_message']);

    const deps = { db: db(), config: snorq.ctx.config, secretBox: snorq.ctx.secretBox };
    expect(await checkChannelSubscription(deps, channel.id)).toEqual({ state: 'subscribed', detail: null });
    expect(sim.recorded.last({ platform: 'telegram', path: /setWebhook$/ })?.body).toEqual({ ...current, allowed_updates: ['message', 'edited_message', 'callback_query'] });
    expect((await webhookInfo()).allowed_updates).toEqual(['message', 'edited_message', 'callback_query']);
    // Nothing to mend the next time: one getWebhookInfo, no setWebhook.
    const sets = sim.recorded.list({ platform: 'telegram', path: /setWebhook$/ }).length;
    expect(await checkChannelSubscription(deps, channel.id)).toMatchObject({ state: 'subscribed' });
    expect(sim.recorded.list({ platform: 'telegram', path: /setWebhook$/ }).length).toBe(sets);
  });
});

describe('customers write to the bot', () => {
  const customer = { id: '23', name: 'Sojan Jose', username: 'sojan' };
  const kinds = [
    ['text', 'text'],
    ['image', 'image'],
    ['file', 'file'],
    ['voice', 'audio'],
    ['audio', 'audio'],
    ['video', 'video'],
    ['video_note', 'video'],
    ['sticker', 'sticker'],
    ['location', 'location'],
    ['venue', 'location'],
    ['contact', 'contacts'],
    ['unsupported', 'unsupported'],
  ] as const;

  it('every kind of message appears in the inbox, media downloaded through getFile', async () => {
    for (const [kind, contentType] of kinds) {
      const res = await sim.customers.send('telegram', { accountId: BOT_ID, customer, kind, text: kind === 'text' ? 'Hello from Telegram' : undefined });
      expect(res.status, `${kind}: ${res.body}`).toBe(200);
      const stored = await eventually(() => messageByExternalId(res.externalId!));
      expect(stored.content_type, kind).toBe(contentType);
      expect(stored.direction).toBe('inbound');
    }
    const image = await db().selectFrom('messages').selectAll().where('content_type', '=', 'image').executeTakeFirstOrThrow();
    await eventually(async () => ((await messageByExternalId(image.external_id!))?.media[0]?.state === 'stored' ? true : undefined));
    expect(sim.recorded.list({ platform: 'telegram', path: /getFile$/ }).length).toBeGreaterThan(0);
    const conversation = await db().selectFrom('conversations').selectAll().where('id', '=', image.conversation_id).executeTakeFirstOrThrow();
    expect(conversation.unread_count).toBeGreaterThanOrEqual(kinds.length);
  });

  it("a voice note keeps the length Telegram gives (voice.duration) and the thread's API serves it", async () => {
    // A real 3-second Ogg/Opus recording: the simulated Bot API reports its own length, as Telegram does.
    const bytes = fs.readFileSync(path.join(import.meta.dirname, '../../simulator/fixtures/voice.ogg'));
    const res = await sim.customers.send('telegram', { accountId: BOT_ID, customer, kind: 'voice', media: { type: 'audio', bytes, mimeType: 'audio/ogg' } });
    expect(res.status, res.body).toBe(200);
    const stored = await eventually(() => messageByExternalId(res.externalId!));
    expect(stored.media[0]).toMatchObject({ type: 'audio', mimeType: 'audio/ogg', durationSeconds: 3 });
    const page = (await (await api(`/api/messages?conversationId=${stored.conversation_id}`)).json()) as { messages: { id: number; media: { durationSeconds: number | null }[] }[] };
    expect(page.messages.find((m) => m.id === stored.id)?.media[0]?.durationSeconds).toBe(3);
  });

  it('an edit changes the message; a reply names its target', async () => {
    const first = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'typo hre' });
    await eventually(() => messageByExternalId(first.externalId!));
    await sim.customers.send('telegram', { accountId: BOT_ID, customer, kind: 'edit', replyTo: first.externalId, text: 'typo here' });
    await eventually(async () => ((await messageByExternalId(first.externalId!))?.content === 'typo here' ? true : undefined));
    const reply = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'about that', replyTo: first.externalId });
    const stored = await eventually(() => messageByExternalId(reply.externalId!));
    const target = await messageByExternalId(first.externalId!);
    expect(stored.reply_to_message_id).toBe(target?.id);
  });
});

describe('bad input', () => {
  const update = (n: number) => ({
    update_id: 900_000 + n,
    message: {
      message_id: 500 + n,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 23, type: 'private', first_name: 'Sojan' },
      from: { id: 23, is_bot: false, first_name: 'Sojan' },
      text: `forged ${n}`,
    },
  });

  it('a wrong or missing secret token, or another bot named, is 401 and nothing is stored', async () => {
    const [journal, messages] = [await journalCount(), await messageCount()];
    expect((await sim.customers.sendRaw('telegram', update(1), { signature: 'not-the-secret' })).status).toBe(401);
    expect((await sim.customers.sendRaw('telegram', update(2), { sign: false })).status).toBe(401);
    expect((await sim.customers.sendRaw('telegram', update(3), { path: '/api/v1/webhooks/telegram?bot=7000000001' })).status).toBe(401);
    expect((await sim.customers.sendRaw('telegram', update(4), { path: '/api/v1/webhooks/telegram' })).status).toBe(401);
    expect([await journalCount(), await messageCount()]).toEqual([journal, messages]);
  });

  it('an update type snorq does not handle is journalled, never a 500; an unreadable body is a 400', async () => {
    const press = { update_id: 910_001, callback_query: { id: '42', from: { id: 23, is_bot: false, first_name: 'Sojan' }, chat_instance: '-1', data: 'size_large' } };
    const res = await sim.customers.sendRaw('telegram', press);
    expect(res.status).toBe(200);
    const row = await db().selectFrom('webhook_events').selectAll().where('platform', '=', TELEGRAM).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ account_hint: BOT_ID, state: 'processed' });
    expect(row.error).toContain('callback_query');
    expect((await sim.customers.sendRaw('telegram', '{"update_id":')).status).toBe(400);
  });

  it('a journalled update replays to the same bot', async () => {
    const res = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'replay me' });
    const stored = await eventually(() => messageByExternalId(res.externalId!));
    const row = await db().selectFrom('webhook_events').selectAll().where('platform', '=', TELEGRAM).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await db().deleteFrom('messages').where('id', '=', stored.id).execute();
    const replay = await api(`/api/v1/webhook-events/${row.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(200);
    expect(await messageByExternalId(res.externalId!)).toMatchObject({ content: 'replay me', channel_id: stored.channel_id });
  });
});

const customer = { id: '23', name: 'Sojan Jose', username: 'sojan' };

describe('agents answer', () => {
  async function conversationOf(externalId: string): Promise<number> {
    return (await eventually(() => messageByExternalId(externalId))).conversation_id;
  }

  it('choices go as an inline keyboard; a tap comes back as the customer’s message answering the reply, and is answered in the webhook’s response', async () => {
    const asked = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'Which size fits me?' });
    const conversationId = await conversationOf(asked.externalId!);
    const interactive = {
      kind: 'buttons',
      choices: [
        { id: 'SIZE_S', title: 'Small' },
        { id: 'SIZE_L', title: 'Large' },
      ],
    };
    const res = await api('/api/messages', { json: { conversationId, content: 'Which one?', interactive } });
    expect(res.status).toBe(201);
    const replyId = ((await res.json()) as { message: { id: number } }).message.id;
    const reply = await eventually(async () => {
      const m = await db().selectFrom('messages').selectAll().where('id', '=', replyId).executeTakeFirst();
      return m && m.status !== 'pending' ? m : undefined;
    });
    expect(reply.status, String(reply.error_reason)).toBe('sent');
    const call = sim.recorded.last({ platform: 'telegram', path: /sendMessage$/ });
    expect(call?.body).toMatchObject({ text: 'Which one?', reply_markup: { inline_keyboard: [[{ text: 'Small', callback_data: 'SIZE_S' }], [{ text: 'Large', callback_data: 'SIZE_L' }]] } });

    const tap = await sim.customers.send('telegram', { accountId: BOT_ID, customer, kind: 'tap', replyTo: reply.external_id!, payload: 'SIZE_L' });
    expect(tap.status).toBe(200);
    const queryId = (tap.payload as { callback_query: { id: string } }).callback_query.id;
    // The webhook's own answer acknowledges the tap (the button stops spinning): no second call needed, and a second answer is refused.
    expect(JSON.parse(tap.body)).toEqual({ method: 'answerCallbackQuery', callback_query_id: queryId });
    const again = await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/answerCallbackQuery`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ callback_query_id: queryId }),
    });
    expect(await again.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' });
    const answer = await eventually(() => messageByExternalId(tap.externalId!));
    expect(answer).toMatchObject({ conversation_id: conversationId, direction: 'inbound', content: 'Large', reply_to_message_id: replyId, metadata: { callbackData: 'SIZE_L' } });

    // The platform's limits reach the composer; an id over 64 bytes (33 two-byte letters) is refused before it is queued.
    const { platforms } = (await (await api('/api/v1/platforms')).json()) as { platforms: { id: string; capabilities: { interactive: unknown } }[] };
    expect(platforms.find((p) => p.id === 'telegram')?.capabilities.interactive).toMatchObject({ buttons: { idMax: 64, idUnit: 'bytes' }, list: null });
    const tooLong = await api('/api/messages', { json: { conversationId, content: 'Which one?', interactive: { kind: 'buttons', choices: [{ id: 'é'.repeat(33), title: 'Small' }] } } });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { error: { details: { interactive: unknown[] } } }).error.details.interactive).toEqual([{ path: 'choices.0.id', rule: 'length', limit: 64, actual: 66 }]);
  });

  it('the Bot API refuses keyboards as Telegram does: data over 64 bytes, a button that does nothing, more than 100 buttons', async () => {
    await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'hi' });
    const send = async (inline_keyboard: unknown) =>
      (
        await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: 23, text: 'Pick', reply_markup: { inline_keyboard } }),
        })
      ).json();
    expect(await send([[{ text: 'A', callback_data: 'x'.repeat(65) }]])).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
    expect(await send([[{ text: 'A', callback_data: '' }]])).toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
    expect(await send([[{ text: 'A' }]])).toMatchObject({ description: "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard" });
    expect(await send(Array.from({ length: 101 }, (_, i) => [{ text: `B${i}`, callback_data: `b${i}` }]))).toMatchObject({ description: 'Bad Request: reply markup is too long' });
    expect(await send([[{ text: 'A', callback_data: 'x'.repeat(64) }]])).toMatchObject({ ok: true, result: { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(64) }]] } } });
  });

  it('several attachments are one message each (sendMediaGroup is not used: each file keeps its own status), the text the first one’s caption', async () => {
    const asked = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'Send me both photos' });
    const conversationId = await conversationOf(asked.externalId!);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const uploads = [];
    for (const name of ['front.png', 'back.png']) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), name);
      uploads.push(((await (await api('/api/v1/uploads', { method: 'POST', body: form })).json()) as { upload: Record<string, unknown> }).upload);
    }
    const before = sim.recorded.list({ platform: 'telegram', path: /sendPhoto$/ }).length;
    const res = await api('/api/messages', { json: { conversationId, content: 'Front and back', attachments: uploads } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { messages } = (await res.json()) as { messages: { id: number; content: string | null }[] };
    expect(messages.map((m) => m.content)).toEqual(['Front and back', null]);
    const rows = await eventually(async () => {
      const found = await db()
        .selectFrom('messages')
        .select(['status', 'external_id', 'error_reason'])
        .where(
          'id',
          'in',
          messages.map((m) => m.id),
        )
        .orderBy('id')
        .execute();
      return found.every((r) => r.status !== 'pending') ? found : undefined;
    });
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(2);
    const calls = sim.recorded.list({ platform: 'telegram', path: /sendPhoto$/ }).slice(before);
    expect(calls.map((c) => (c.body as { caption?: string }).caption ?? null)).toEqual(['Front and back', null]);
  });

  it('text, a reply and an image go out through the Bot API and are recorded as sent', async () => {
    const asked = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'Do you ship to Lisbon?' });
    const conversationId = await conversationOf(asked.externalId!);
    const question = (await messageByExternalId(asked.externalId!))!;

    const text = await api('/api/messages', { json: { conversationId, content: 'Yes, in two days.', replyToMessageId: question.id } });
    expect(text.status).toBe(201);
    const textId = ((await text.json()) as { message: { id: number } }).message.id;
    const sent = await eventually(async () => {
      const m = await db().selectFrom('messages').selectAll().where('id', '=', textId).executeTakeFirst();
      return m?.status === 'sent' ? m : undefined;
    });
    const call = sim.recorded.last({ platform: 'telegram', path: /sendMessage$/ });
    expect(call?.body).toMatchObject({ chat_id: '23', text: 'Yes, in two days.', reply_parameters: { message_id: Number(asked.externalId!.split(':')[1]) } });
    expect(sim.message(sent.external_id!)).toMatchObject({ text: 'Yes, in two days.', direction: 'outbound' });

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'map.png');
    const up = await api('/api/v1/uploads', { method: 'POST', body: form });
    const { upload } = (await up.json()) as { upload: Record<string, unknown> };
    const image = await api('/api/messages', { json: { conversationId, content: 'Here is the map', media: upload } });
    expect(image.status).toBe(201);
    const imageId = ((await image.json()) as { message: { id: number } }).message.id;
    const imageSent = await eventually(async () => {
      const m = await db().selectFrom('messages').selectAll().where('id', '=', imageId).executeTakeFirst();
      return m && m.status !== 'pending' ? m : undefined;
    });
    expect(imageSent.status, String(imageSent.error_reason)).toBe('sent');
    const photo = sim.recorded.last({ platform: 'telegram', path: /sendPhoto$/ });
    expect(photo?.body).toMatchObject({ chat_id: '23', caption: 'Here is the map' });
    expect(photo?.status).toBe(200);
  });

  it("a voice note recorded in the browser (WebM/Opus) reaches Telegram's sendVoice as OGG/Opus; a WebM file sent there is refused", async () => {
    const asked = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'Can you say it by voice?' });
    const conversationId = await conversationOf(asked.externalId!);
    const recording = fs.readFileSync(path.join(import.meta.dirname, '../../unit/core/media/fixtures/chromium-voice.webm'));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(recording)], { type: 'audio/webm;codecs=opus' }), 'voice.webm');
    const { upload } = (await (await api('/api/v1/uploads', { method: 'POST', body: form })).json()) as { upload: Record<string, unknown> };
    const res = await api('/api/messages', { json: { conversationId, media: upload } });
    const id = ((await res.json()) as { message: { id: number } }).message.id;
    const sent = await eventually(async () => {
      const m = await db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return m && m.status !== 'pending' ? m : undefined;
    });
    expect(sent.status, String(sent.error_reason)).toBe('sent');
    const call = sim.recorded.last({ platform: 'telegram', path: /sendVoice$/ });
    expect(call?.status).toBe(200);
    expect((call?.response as { result: { voice: { mime_type: string } } }).result.voice.mime_type).toBe('audio/ogg');
    expect(sim.message(sent.external_id!)?.attachments).toMatchObject([{ type: 'voice', mimeType: 'audio/ogg', voice: true }]);
    // The Bot API itself, given the WebM as a voice note: refused as Telegram refuses it.
    const upload2 = new FormData();
    upload2.set('chat_id', '23');
    upload2.set('voice', new Blob([new Uint8Array(recording)], { type: 'audio/webm' }), 'voice.webm');
    const refused = await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/sendVoice`, { method: 'POST', body: upload2 }).then((r) => r.json());
    expect(refused).toEqual({ ok: false, error_code: 400, description: 'Bad Request: wrong type of the web page content' });
  });

  it('a file over the 20 MB Telegram fetches by link is uploaded with the request instead, and arrives whole', async () => {
    const asked = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'Send me the catalogue?' });
    const conversationId = await conversationOf(asked.externalId!);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1_048_576, 0x20)]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'catalogue.pdf');
    const up = await api('/api/v1/uploads', { method: 'POST', body: form });
    expect(up.status).toBe(201);
    const { upload } = (await up.json()) as { upload: Record<string, unknown> };
    const since = sim.recorded.last()?.seq ?? 0;
    const res = await api('/api/messages', { json: { conversationId, content: 'Here it is', media: upload } });
    const id = ((await res.json()) as { message: { id: number } }).message.id;
    // 21 MB through snorq and the simulator: waited for by the call itself, not a guess of how long it takes.
    await sim.recorded.waitFor({ platform: 'telegram', path: /sendDocument$/ }, { sinceSeq: since });
    const sent = await eventually(async () => {
      const m = await db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return m && m.status !== 'pending' ? m : undefined;
    }, 'the document reply to be settled');
    expect(sent.status, String(sent.error_reason)).toBe('sent');
    const request = sim.recorded.last({ platform: 'telegram', path: /sendDocument$/ });
    expect(request?.status).toBe(200);
    const body = request?.body as { fields: Record<string, string>; files: { field: string; filename?: string; size: number }[] };
    expect(body.fields).toMatchObject({ chat_id: '23', caption: 'Here it is' });
    expect(body.files.map((f) => [f.field, f.filename, f.size])).toEqual([['document', 'catalogue.pdf', pdf.length]]);
    const document = (request?.response as { result: { document: { file_id: string; file_size: number; mime_type: string } } }).result.document;
    expect(document).toMatchObject({ file_size: pdf.length, mime_type: 'application/pdf' });
    const file = await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/getFile?file_id=${encodeURIComponent(document.file_id)}`).then((r) => r.json() as Promise<{ ok: boolean; error_code?: number }>);
    // Bots download files of up to 20 MB only: Telegram has the file, the bot cannot fetch it back.
    expect(file).toMatchObject({ ok: false, error_code: 400 });
  });

  it('text over 4096 characters is refused before it is queued', async () => {
    const asked = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'long?' });
    const res = await api('/api/messages', { json: { conversationId: await conversationOf(asked.externalId!), content: 'x'.repeat(4097) } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'MESSAGE_TOO_LONG' } });
  });
});
