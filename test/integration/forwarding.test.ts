import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Forwarding between platforms over real HTTP: a customer's picture on one platform reaches a
 * customer on another from snorq's stored copy, through the outbox, with "forwarded from" kept on
 * the new message; a closed window, a note, an attachment the target does not take are refused
 * before anything is queued; a selection goes whole, in thread order.
 */

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
}, 60_000);
afterAll(async () => s?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
type Msg = { id: number; status: string; content: string | null; media: { type: string; state: string }[]; forwardedFrom?: { platform: string; contact: string; messageId: number } };
let seq = 0;

const VOICE = fs.readFileSync(path.join(import.meta.dirname, '../simulator/fixtures/voice.ogg'));

async function customerWrites(platform: SimPlatform, name: string, options: { text?: string; image?: boolean; voice?: boolean; hoursAgo?: number } = {}) {
  seq++;
  const customerId = platform === 'whatsapp' ? `4917400${String(seq).padStart(5, '0')}` : `fwd${seq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, {
    accountId: s.account(platform).accountId,
    customer: { id: customerId, name },
    ...(options.image
      ? { media: { type: 'image', bytes: PNG, mimeType: 'image/png' } }
      : options.voice
        ? { media: { type: 'audio', bytes: VOICE, mimeType: 'audio/ogg' } }
        : { text: options.text ?? 'hello' }),
    timestamp: Date.now() - (options.hoursAgo ?? 0) * 3_600_000,
  });
  expect(sent.status).toBe(200);
  // The message, its media stored, and on Messenger and Instagram the customer's name: those give
  // it through a profile fetched after the message is stored, and a forward made before it arrives
  // names no one (a whole run lost the text case that way). WhatsApp's webhook carries the name;
  // the simulated TikTok gives none.
  const named = platform === 'messenger' || platform === 'instagram';
  const row = await eventually(async () => {
    const m = await s.snorq.ctx.db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .innerJoin('contacts as k', 'k.id', 'c.contact_id')
      .selectAll('m')
      .select('k.display_name')
      .where('m.external_id', '=', sent.externalId!)
      .executeTakeFirst();
    return m && (!named || m.display_name === name) && (!(options.image || options.voice) || m.media[0]?.state === 'stored') ? m : undefined;
  }, `${name}'s message stored and named`);
  return { messageId: row.id, conversationId: row.conversation_id, customerId };
}

const forward = (id: number, conversationId: number) => s.api(`/api/v1/messages/${id}/forward`, { json: { conversationId } });
const queuedIn = async (conversationId: number) =>
  (await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('direction', '=', 'outbound').execute()).length;

describe('forwarding', () => {
  it("a WhatsApp customer's picture reaches a Messenger customer from the stored copy, marked forwarded from WhatsApp", async () => {
    const from = await customerWrites('whatsapp', 'Wanda Whats', { image: true });
    const to = await customerWrites('messenger', 'Mark Messenger');
    const res = await forward(from.messageId, to.conversationId);
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: Msg };
    expect(message).toMatchObject({ status: 'pending', forwardedFrom: { platform: 'whatsapp', contact: 'Wanda Whats', messageId: from.messageId }, media: [{ type: 'image', state: 'stored' }] });
    const sent = await eventually(async () => {
      const m = await s.snorq.ctx.db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
      return m.status !== 'pending' ? m : undefined;
    });
    expect(sent.status, String(sent.error_reason)).toBe('sent');
    const call = s.simulator.recorded
      .list({ platform: 'messenger', method: 'POST' })
      .find((c) => JSON.stringify(c.body ?? null).includes(to.customerId) && JSON.stringify(c.body ?? null).includes('attachment'));
    expect(call?.body).toMatchObject({ recipient: { id: to.customerId }, message: { attachment: { type: 'image', payload: { url: expect.stringContaining('/media/') } } } });
    // The URL snorq gave is its own copy, and serves the customer's bytes.
    const url = (call?.body as { message: { attachment: { payload: { url: string } } } }).message.attachment.payload.url;
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("a WhatsApp customer's Ogg voice note reaches Instagram (which takes no Ogg) as a WAV copy; the original stays Ogg", async () => {
    const from = await customerWrites('whatsapp', 'Vera Voice', { voice: true });
    const to = await customerWrites('instagram', 'Ines Insta');
    const res = await forward(from.messageId, to.conversationId);
    expect(res.status, await res.clone().text()).toBe(201);
    const { message } = (await res.json()) as { message: Msg & { media: { mimeType: string; filename?: string }[] } };
    expect(message.media).toMatchObject([{ type: 'audio', mimeType: 'audio/wav', state: 'stored' }]);
    const sent = await eventually(async () => {
      const m = await s.snorq.ctx.db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
      return m.status !== 'pending' ? m : undefined;
    });
    expect(sent.status, String(sent.error_reason)).toBe('sent');
    const call = s.simulator.recorded
      .list({ platform: 'instagram', method: 'POST' })
      .find((c) => JSON.stringify(c.body ?? null).includes(to.customerId) && JSON.stringify(c.body ?? null).includes('attachment'));
    const url = (call?.body as { message: { attachment: { type: string; payload: { url: string } } } }).message.attachment;
    expect(url.type).toBe('audio');
    const wav = Buffer.from(await (await fetch(url.payload.url)).arrayBuffer());
    // 3 s of 16 kHz, 16-bit mono PCM, as a recording from the composer would be.
    expect(wav.toString('latin1', 0, 4) + wav.toString('latin1', 8, 12)).toBe('RIFFWAVE');
    expect({ rate: wav.readUInt32LE(24), data: wav.readUInt32LE(40) }).toEqual({ rate: 16_000, data: 96_000 });
    const original = await s.snorq.ctx.db.selectFrom('messages').select('media').where('id', '=', from.messageId).executeTakeFirstOrThrow();
    expect(original.media[0]).toMatchObject({ type: 'audio', mimeType: 'audio/ogg', state: 'stored' });
  });

  it('text goes across too, and the thread shows where it came from', async () => {
    const from = await customerWrites('messenger', 'Mia Text', { text: 'My order number is 4411' });
    const to = await customerWrites('whatsapp', 'Walter Text');
    const { message } = (await (await forward(from.messageId, to.conversationId)).json()) as { message: Msg };
    expect(message).toMatchObject({ content: 'My order number is 4411', forwardedFrom: { platform: 'messenger', contact: 'Mia Text' } });
    const page = (await (await s.api(`/api/messages?conversationId=${to.conversationId}`)).json()) as { messages: Msg[] };
    expect(page.messages.find((m) => m.id === message.id)?.forwardedFrom).toMatchObject({ platform: 'messenger' });
  });

  it('into a closed window: 422 WINDOW_CLOSED with the options, nothing queued or sent', async () => {
    const from = await customerWrites('messenger', 'Mo Closed', { text: 'please pass this on' });
    const to = await customerWrites('whatsapp', 'Wes Closed', { hoursAgo: 30 });
    const before = await queuedIn(to.conversationId);
    const res = await forward(from.messageId, to.conversationId);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'WINDOW_CLOSED', details: { window: { open: false, allowed: ['template'] }, needed: 'text' } } });
    expect(await queuedIn(to.conversationId)).toBe(before);
  });

  it('a selection goes whole and in thread order; one note in it refuses all', async () => {
    const first = await customerWrites('messenger', 'Sel Customer', { text: 'first' });
    const second = await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id: first.customerId }, text: 'second' });
    const secondId = await eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('id').where('external_id', '=', second.externalId!).executeTakeFirst())?.id);
    const to = await customerWrites('whatsapp', 'Sel Target');
    const res = await s.api('/api/v1/messages/forward', { json: { conversationId: to.conversationId, messageIds: [secondId, first.messageId] } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { messages: Msg[] }).messages.map((m) => m.content)).toEqual(['first', 'second']);

    const note = (await (await s.api('/api/messages', { json: { conversationId: first.conversationId, content: 'team only', privateNote: true } })).json()) as { message: Msg };
    const before = await queuedIn(to.conversationId);
    const refused = await s.api('/api/v1/messages/forward', { json: { conversationId: to.conversationId, messageIds: [first.messageId, note.message.id] } });
    expect(refused.status).toBe(422);
    expect(await queuedIn(to.conversationId)).toBe(before);
  });

  it('a selection with a message too long for the target is refused whole, naming the message', async () => {
    const first = await customerWrites('whatsapp', 'Short Writer', { text: 'short one' });
    const long = await customerWrites('whatsapp', 'Long Writer', { text: 'é'.repeat(1500) });
    // Instagram counts bytes (1,000): the first fits, the second (3,000 bytes) does not.
    const to = await customerWrites('instagram', 'Ina Bytes');
    const before = await queuedIn(to.conversationId);
    const res = await s.api('/api/v1/messages/forward', { json: { conversationId: to.conversationId, messageIds: [first.messageId, long.messageId] } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'MESSAGE_TOO_LONG', details: { platform: 'instagram', unit: 'bytes', length: 3000, messageId: long.messageId } } });
    expect(await queuedIn(to.conversationId)).toBe(before);
  });

  it("more messages than TikTok's window has left: refused whole, before anything is queued", async () => {
    const to = await customerWrites('tiktok', 'Tara Capped');
    // Nine of the window's ten business messages used: one is left.
    for (let i = 0; i < 9; i++) expect((await s.api('/api/messages', { json: { conversationId: to.conversationId, content: `reply ${i}` } })).status).toBe(201);
    // A selection may gather messages of several conversations.
    const a = await customerWrites('messenger', 'Cap Source', { text: 'one' });
    const b = await customerWrites('whatsapp', 'Cap Other', { text: 'two' });
    const before = await queuedIn(to.conversationId);
    const res = await s.api('/api/v1/messages/forward', { json: { conversationId: to.conversationId, messageIds: [a.messageId, b.messageId] } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'WINDOW_CLOSED', details: { window: { open: true, remainingMessages: 1 }, count: 2 } } });
    expect(await queuedIn(to.conversationId)).toBe(before);
    // One still goes.
    expect((await forward(a.messageId, to.conversationId)).status).toBe(201);
  });

  it("an attachment the target platform does not take, and another organisation's ids, are refused", async () => {
    const doc = await customerWrites('whatsapp', 'Doc Sender', { image: true });
    await s.snorq.ctx.db
      .updateTable('messages')
      .set({ media: JSON.stringify([{ type: 'file', mimeType: 'application/pdf', storageKey: 'x'.repeat(32), state: 'stored' }]) })
      .where('id', '=', doc.messageId)
      .execute();
    const tiktok = await customerWrites('tiktok', 'Tia Tok');
    const res = await forward(doc.messageId, tiktok.conversationId);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/file/);
    expect((await forward(99_999_999, tiktok.conversationId)).status).toBe(404);
    expect((await forward(doc.messageId, 99_999_999)).status).toBe(404);
  });
});
