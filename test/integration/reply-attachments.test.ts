import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Several attachments in one reply, over real HTTP: the reply becomes the messages each platform
 * needs (one attachment per message, captions where the platform takes them), each with its own
 * status, reaching the simulator in order; a file the platform refuses (type or size) is refused
 * with 422 before anything of the reply is stored.
 */

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
}, 60_000);
afterAll(async () => s?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const GIF = Buffer.concat([Buffer.from('GIF89a'), randomBytes(100)]);

type Upload = { storageKey: string; type: string; mimeType: string; size: number; filename?: string };
type Msg = { id: number; status: string; content: string | null; contentType: string; media: { type: string; filename: string | null }[] };

async function upload(bytes: Buffer, filename: string, type: string): Promise<Upload> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await s.api('/api/v1/uploads', { method: 'POST', body: form });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { upload: Upload }).upload;
}

let seq = 0;
async function customerWrites(platform: SimPlatform) {
  seq++;
  const customerId = platform === 'whatsapp' ? `4917411${String(seq).padStart(5, '0')}` : `att${seq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id: customerId, name: `Customer ${seq}` }, text: 'send me the photos' });
  expect(sent.status).toBe(200);
  const row = await eventually(async () => s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst());
  return { conversationId: row.conversation_id, customerId };
}

const outboundCount = async (conversationId: number) =>
  (await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('direction', '=', 'outbound').execute()).length;

async function allSent(ids: number[]) {
  return eventually(async () => {
    const rows = await s.snorq.ctx.db.selectFrom('messages').select(['id', 'status', 'error_reason', 'external_id']).where('id', 'in', ids).orderBy('id').execute();
    return rows.every((r) => r.status !== 'pending') ? rows : undefined;
  });
}

/** The send calls that reached the simulator for one customer, in the order they arrived. */
const sendsTo = (platform: SimPlatform, customerId: string) =>
  s.simulator.recorded.list({ platform, method: 'POST', path: /\/messages$/, match: (c) => JSON.stringify(c.body ?? null).includes(customerId) }).map((c) => c.body as Record<string, unknown>);

describe('a reply with several attachments', () => {
  it('WhatsApp: three attachments are three messages in order, the text the first image’s caption, a document keeps its own caption', async () => {
    const { conversationId, customerId } = await customerWrites('whatsapp');
    const [a, b, c] = [await upload(PNG, 'front.png', 'image/png'), await upload(JPEG, 'back.jpg', 'image/jpeg'), await upload(PDF, 'invoice.pdf', 'application/pdf')];
    const res = await s.api('/api/messages', { json: { conversationId, content: 'Here are both sides', attachments: [a, b, { ...c, caption: 'and the invoice' }] } });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { message: Msg; messages: Msg[] };
    expect(body.messages.map((m) => [m.contentType, m.content, m.status])).toEqual([
      ['image', 'Here are both sides', 'pending'],
      ['image', null, 'pending'],
      ['file', 'and the invoice', 'pending'],
    ]);
    expect(body.message.id).toBe(body.messages[0]!.id);
    const rows = await allSent(body.messages.map((m) => m.id));
    expect(rows.map((r) => [r.status, r.error_reason])).toEqual([
      ['sent', null],
      ['sent', null],
      ['sent', null],
    ]);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(3);
    const calls = sendsTo('whatsapp', customerId);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatchObject({ type: 'image', image: { caption: 'Here are both sides' } });
    expect(calls[1]).toMatchObject({ type: 'image' });
    expect((calls[1]!.image as Record<string, unknown>).caption).toBeUndefined();
    expect(calls[2]).toMatchObject({ type: 'document', document: { caption: 'and the invoice', filename: 'invoice.pdf' } });
  });

  it('Messenger: one attachment per message and the text separate, after them', async () => {
    const { conversationId, customerId } = await customerWrites('messenger');
    const files = [await upload(PNG, 'a.png', 'image/png'), await upload(JPEG, 'b.jpg', 'image/jpeg'), await upload(PDF, 'c.pdf', 'application/pdf')];
    const res = await s.api('/api/messages', { json: { conversationId, content: 'Three files for you', attachments: files } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { messages } = (await res.json()) as { messages: Msg[] };
    expect(messages.map((m) => [m.contentType, m.content])).toEqual([
      ['image', null],
      ['image', null],
      ['file', null],
      ['text', 'Three files for you'],
    ]);
    const rows = await allSent(messages.map((m) => m.id));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const calls = sendsTo('messenger', customerId).map((b) => b.message as Record<string, { type?: string }>);
    expect(calls.map((m) => m.attachment?.type ?? (m.text ? 'text' : '?'))).toEqual(['image', 'image', 'file', 'text']);
  });

  it('Instagram: one attachment per message (its 10-image requests are not used: each file keeps its own status), the text after them', async () => {
    const { conversationId, customerId } = await customerWrites('instagram');
    const files = [await upload(PNG, 'a.png', 'image/png'), await upload(PDF, 'b.pdf', 'application/pdf')];
    const res = await s.api('/api/messages', { json: { conversationId, content: 'Two files', attachments: files } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { messages } = (await res.json()) as { messages: Msg[] };
    expect(messages.map((m) => [m.contentType, m.content])).toEqual([
      ['image', null],
      ['file', null],
      ['text', 'Two files'],
    ]);
    const rows = await allSent(messages.map((m) => m.id));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(3);
    const calls = sendsTo('instagram', customerId).map((b) => b.message as Record<string, { type?: string }>);
    expect(calls.map((m) => m.attachment?.type ?? (m.text ? 'text' : '?'))).toEqual(['image', 'file', 'text']);
  });

  it('TikTok: a reply of more messages than its window has left is refused whole with what is left, before anything is queued', async () => {
    const { conversationId } = await customerWrites('tiktok');
    // Eight of the window's ten business messages used: two are left.
    for (let i = 0; i < 8; i++) expect((await s.api('/api/messages', { json: { conversationId, content: `reply ${i}` } })).status).toBe(201);
    const files = [await upload(PNG, 'a.png', 'image/png'), await upload(PNG, 'b.png', 'image/png')];
    const before = await outboundCount(conversationId);
    // Two images and a text are three messages.
    const res = await s.api('/api/messages', { json: { conversationId, content: 'and the text', attachments: files } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'UNPROCESSABLE', details: { messages: { needed: 3, remaining: 2 } } } });
    expect(await outboundCount(conversationId)).toBe(before);
    // The two images alone fit.
    expect((await s.api('/api/messages', { json: { conversationId, attachments: files } })).status).toBe(201);
  });

  it('the same Idempotency-Key answers the same messages and queues nothing more', async () => {
    const { conversationId } = await customerWrites('whatsapp');
    const files = [await upload(PNG, 'x.png', 'image/png'), await upload(PNG, 'y.png', 'image/png')];
    const send = () => s.api('/api/messages', { json: { conversationId, attachments: files }, headers: { 'idempotency-key': `att-${conversationId}` } });
    const first = (await (await send()).json()) as { messages: Msg[] };
    const again = await send();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { messages: Msg[] }).messages.map((m) => m.id)).toEqual(first.messages.map((m) => m.id));
    expect(await outboundCount(conversationId)).toBe(2);
  });

  it('a type the platform refuses: 422 with the reason and the accepted types, nothing of the reply stored', async () => {
    const { conversationId } = await customerWrites('whatsapp');
    const ok = await upload(PNG, 'ok.png', 'image/png');
    const gif = await upload(GIF, 'moving.gif', 'image/gif');
    const res = await s.api('/api/messages', { json: { conversationId, content: 'two', attachments: [ok, gif] } });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };
    expect(error).toMatchObject({ code: 'UNPROCESSABLE', details: { attachment: { problem: 'type', index: 1, mimeType: 'image/gif', accepted: ['image/jpeg', 'image/png'] } } });
    expect(error.message).toMatch(/WhatsApp does not take image\/gif/);
    expect(await outboundCount(conversationId)).toBe(0);
  });

  it('a file over the platform’s cap: 422 with the limit, nothing stored', async () => {
    const { conversationId } = await customerWrites('tiktok');
    const big = await upload(Buffer.concat([PNG, randomBytes(3 * 1_048_576 + 10)]), 'big.png', 'image/png');
    const res = await s.api('/api/messages', { json: { conversationId, attachments: [big] } });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { message: string; details: Record<string, unknown> } };
    expect(error.details).toMatchObject({ attachment: { problem: 'size', index: 0, maxBytes: 3 * 1_048_576 } });
    expect(error.message).toMatch(/at most 3 MB/);
    expect(await outboundCount(conversationId)).toBe(0);
  });

  it('GET /api/v1/platforms serves each platform’s limits', async () => {
    const { platforms } = (await (await s.api('/api/v1/platforms')).json()) as {
      platforms: { id: string; capabilities: { attachments: { kinds: { kind: string; maxBytes: number; types: { mimeType: string }[] }[]; caption: unknown } } }[];
    };
    const of = (id: string) => platforms.find((p) => p.id === id)!.capabilities.attachments;
    expect(of('tiktok').kinds).toEqual([{ kind: 'image', maxBytes: 3 * 1_048_576, types: [expect.objectContaining({ mimeType: 'image/jpeg' }), expect.objectContaining({ mimeType: 'image/png' })] }]);
    expect(of('messenger').caption).toBeNull();
    expect(of('whatsapp').caption).toEqual({ limit: { max: 1024, unit: 'characters' }, kinds: ['image', 'video', 'file'] });
  });
});
