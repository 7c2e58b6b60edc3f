import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * An agent's reaction reaches the platform in its exact wire shape (the simulator records what it
 * received and keeps the reaction on the message), is shown on the message, and a refusal is kept
 * with the platform's reason. The bot platform's are in its own test folder.
 */

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
}, 60_000);
afterAll(async () => s?.close());

type Reaction = { by: string; emoji: string; failed?: { reason: string; removing?: boolean } };
type Msg = { id: number; reactions: Reaction[] };
const THUMBS = '\u{1F44D}';
const HEART = '\u2764\ufe0f';
let seq = 0;

/** A customer writes on `platform`; returns snorq's message and its platform id. */
async function customerMessage(platform: SimPlatform, hoursAgo = 0): Promise<{ id: number; externalId: string; customerId: string }> {
  seq++;
  const customerId = platform === 'whatsapp' ? `4917100${String(seq).padStart(5, '0')}` : platform === 'twilio' ? `+1415666${String(seq).padStart(4, '0')}` : `react${seq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, {
    accountId: s.account(platform).accountId,
    customer: { id: customerId, name: `Rea ${seq}` },
    text: 'how much is it?',
    timestamp: Date.now() - hoursAgo * 3_600_000,
  });
  expect(sent.status).toBe(200);
  const id = await eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('id').where('external_id', '=', sent.externalId!).executeTakeFirst())?.id);
  return { id, externalId: sent.externalId!, customerId };
}

const react = (id: number, emoji: string) => s.api(`/api/v1/messages/${id}/reactions`, { json: { emoji } });
const unreact = (id: number) => s.api(`/api/v1/messages/${id}/reactions`, { method: 'DELETE' });
const since = () => (s.simulator.recorded.last()?.seq ?? 0) + 1;
const callsSince = (platform: SimPlatform, from: number) => s.simulator.recorded.list({ platform }).filter((c) => c.seq >= from && c.method === 'POST');

describe('reactions reach the platform', () => {
  it('messenger: sender_action react with payload {message_id, reaction}, then unreact with message_id only', async () => {
    const m = await customerMessage('messenger');
    const from = since();
    const res = await react(m.id, THUMBS);
    expect(res.status).toBe(200);
    const { message } = (await res.json()) as { message: Msg };
    expect(message.reactions).toEqual([expect.objectContaining({ emoji: THUMBS, by: expect.not.stringMatching(/^customer$/) })]);
    expect(message.reactions[0]!.failed).toBeUndefined();
    const [call] = callsSince('messenger', from);
    expect(call?.body).toEqual({ recipient: { id: m.customerId }, sender_action: 'react', payload: { message_id: m.externalId, reaction: THUMBS } });
    expect(call?.status).toBe(200);
    expect(s.simulator.message(m.externalId)?.businessReaction).toBe(THUMBS);

    const from2 = since();
    const removed = (await (await unreact(m.id)).json()) as { message: Msg };
    expect(removed.message.reactions).toEqual([]);
    expect(callsSince('messenger', from2)[0]?.body).toEqual({ recipient: { id: m.customerId }, sender_action: 'unreact', payload: { message_id: m.externalId } });
  });

  it('instagram: the heart goes as reaction "love"; another emoji is refused by Instagram and shown failed with its reason', async () => {
    const m = await customerMessage('instagram');
    const from = since();
    const ok = (await (await react(m.id, HEART)).json()) as { message: Msg };
    expect(ok.message.reactions).toEqual([expect.objectContaining({ emoji: HEART })]);
    expect(callsSince('instagram', from)[0]?.body).toEqual({ recipient: { id: m.customerId }, sender_action: 'react', payload: { message_id: m.externalId, reaction: 'love' } });

    const refused = await react(m.id, THUMBS);
    expect(refused.status).toBe(200);
    const { message } = (await refused.json()) as { message: Msg };
    expect(message.reactions).toEqual([expect.objectContaining({ emoji: THUMBS, failed: { reason: expect.stringMatching(/reaction/i) } })]);
    const stored = await s.snorq.ctx.db.selectFrom('messages').select('reactions').where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(stored.reactions[0]?.failed?.reason).toBe(message.reactions[0]!.failed!.reason);
  });

  it('whatsapp: type reaction with message_id and emoji; an empty emoji removes it', async () => {
    const m = await customerMessage('whatsapp');
    const from = since();
    expect((await react(m.id, THUMBS)).status).toBe(200);
    expect(callsSince('whatsapp', from)[0]?.body).toMatchObject({ messaging_product: 'whatsapp', to: m.customerId, type: 'reaction', reaction: { message_id: m.externalId, emoji: THUMBS } });
    const from2 = since();
    expect(((await (await unreact(m.id)).json()) as { message: Msg }).message.reactions).toEqual([]);
    expect(callsSince('whatsapp', from2)[0]?.body).toMatchObject({ type: 'reaction', reaction: { message_id: m.externalId, emoji: '' } });
  });

  it('a customer reaction and the business reaction live side by side', async () => {
    const m = await customerMessage('messenger');
    await react(m.id, THUMBS);
    await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id: m.customerId }, kind: 'reaction', replyTo: m.externalId, emoji: HEART });
    const both = await eventually(async () => {
      const row = await s.snorq.ctx.db.selectFrom('messages').select('reactions').where('id', '=', m.id).executeTakeFirstOrThrow();
      return row.reactions.length === 2 ? row.reactions : undefined;
    });
    expect(both.map((r) => r.emoji).sort()).toEqual([THUMBS, HEART].sort());
  });
});

describe('reactions refused before anything is sent', () => {
  it('twilio and tiktok have no reaction API: 422 naming the platform, nothing called', async () => {
    for (const platform of ['twilio', 'tiktok'] as const) {
      const m = await customerMessage(platform);
      const from = since();
      const res = await react(m.id, THUMBS);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: 'UNPROCESSABLE', details: { notSupported: 'reactions', platform } } });
      expect(callsSince(platform, from)).toEqual([]);
    }
  });

  it('a closed window answers 422 WINDOW_CLOSED with the window, and calls nothing', async () => {
    const m = await customerMessage('whatsapp', 30);
    const from = since();
    const res = await react(m.id, THUMBS);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'WINDOW_CLOSED', details: { window: { open: false } } } });
    expect(callsSince('whatsapp', from)).toEqual([]);
  });

  it('bad input: not one emoji is 400; an agent reply or a note is 422; an unknown id is 404', async () => {
    const m = await customerMessage('messenger');
    for (const emoji of ['', 'ok', `${THUMBS}${THUMBS}`, 'x'.repeat(40)]) expect((await react(m.id, emoji)).status).toBe(400);
    const conv = (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('id', '=', m.id).executeTakeFirstOrThrow()).conversation_id;
    const note = (await (await s.api('/api/messages', { json: { conversationId: conv, content: 'internal', privateNote: true } })).json()) as { message: Msg };
    expect((await react(note.message.id, THUMBS)).status).toBe(422);
    expect((await react(99_999_999, THUMBS)).status).toBe(404);
  });
});

describe('the simulator refuses what the platforms refuse', () => {
  const graph = (platform: 'messenger' | 'whatsapp', body: unknown) => {
    const account = s.account(platform);
    return fetch(`${s.simulator.baseUrls.metaGraph}/v23.0/${account.accountId}/messages?access_token=${encodeURIComponent(account.accessToken)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${account.accessToken}` },
      body: JSON.stringify(body),
    });
  };

  it('messenger: an unknown message id, text as a reaction, a reaction outside the window', async () => {
    const m = await customerMessage('messenger');
    const unknown = await graph('messenger', { recipient: { id: m.customerId }, sender_action: 'react', payload: { message_id: 'm_nope', reaction: THUMBS } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 100, type: 'OAuthException' } });
    const text = await graph('messenger', { recipient: { id: m.customerId }, sender_action: 'react', payload: { message_id: m.externalId, reaction: 'yes' } });
    expect(await text.json()).toMatchObject({ error: { code: 100, message: expect.stringContaining('emoji') } });
    const old = await customerMessage('messenger', 30);
    const closed = await graph('messenger', { recipient: { id: old.customerId }, sender_action: 'react', payload: { message_id: old.externalId, reaction: THUMBS } });
    expect(await closed.json()).toMatchObject({ error: { code: 10, error_subcode: 2018278 } });
  });

  it('whatsapp: an unknown message id and a bad emoji are 131009', async () => {
    const m = await customerMessage('whatsapp');
    for (const reaction of [
      { message_id: 'wamid.nope', emoji: THUMBS },
      { message_id: m.externalId, emoji: 'ok' },
    ]) {
      const res = await graph('whatsapp', { messaging_product: 'whatsapp', to: m.customerId, type: 'reaction', reaction });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 131009, error_data: { messaging_product: 'whatsapp' } } });
    }
  });
});
