import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformTyping } from '../../src/core/typing/platform-typing.ts';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * While an agent types, the customer sees "typing…" where the platform has it: the exact call
 * each platform takes (recorded by the simulator), at most one per conversation per interval
 * whoever types (counted with a clock the test moves, never timed), never outside the reply
 * window, and started by the composer's own typing announcement on the socket.
 */

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
}, 60_000);
afterAll(async () => s?.close());

let seq = 0;
async function customerWrites(platform: SimPlatform, hoursAgo = 0): Promise<{ conversationId: number; externalId: string; customerId: string }> {
  seq++;
  const customerId = platform === 'whatsapp' ? `4917200${String(seq).padStart(5, '0')}` : platform === 'twilio' ? `+1415777${String(seq).padStart(4, '0')}` : `typing${seq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, {
    accountId: s.account(platform).accountId,
    customer: { id: customerId, name: `Ty ${seq}` },
    text: 'anyone there?',
    timestamp: Date.now() - hoursAgo * 3_600_000,
  });
  expect(sent.status).toBe(200);
  const conversationId = await eventually(
    async () => (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst())?.conversation_id,
  );
  return { conversationId, externalId: sent.externalId!, customerId };
}

const warnings: string[] = [];
const log = { warn: (_o: object, m: string) => void warnings.push(m) };
let clock = 1_000_000;
const typingWith = () => createPlatformTyping({ db: s.snorq.ctx.db, config: s.snorq.ctx.config, secretBox: s.snorq.ctx.secretBox, log }, { intervalMs: 4000, now: () => clock });
const postsSince = (platform: SimPlatform, from: number) => s.simulator.recorded.list({ platform }).filter((c) => c.seq >= from && c.method === 'POST');
const since = () => (s.simulator.recorded.last()?.seq ?? 0) + 1;

describe('the platform call', () => {
  const shapes: [SimPlatform, (c: { customerId: string; externalId: string }) => unknown][] = [
    ['messenger', (c) => ({ recipient: { id: c.customerId }, sender_action: 'typing_on' })],
    ['instagram', (c) => ({ recipient: { id: c.customerId }, sender_action: 'typing_on' })],
    ['whatsapp', (c) => ({ messaging_product: 'whatsapp', status: 'read', message_id: c.externalId, typing_indicator: { type: 'text' } })],
  ];
  for (const [platform, shape] of shapes) {
    it(`${platform}: exactly the documented request, answered 200`, async () => {
      const c = await customerWrites(platform);
      const from = since();
      expect(await typingWith().agentTyping(s.organizationId, c.conversationId)).toBe('sent');
      const calls = postsSince(platform, from);
      expect(calls.map((x) => x.body)).toEqual([shape(c)]);
      expect(calls[0]?.status).toBe(200);
    });
  }

  it('twilio and tiktok: nothing is called', async () => {
    for (const platform of ['twilio', 'tiktok'] as const) {
      const c = await customerWrites(platform);
      const from = since();
      expect(await typingWith().agentTyping(s.organizationId, c.conversationId)).toBe('not_supported');
      expect(postsSince(platform, from)).toEqual([]);
    }
  });

  it('never outside the reply window', async () => {
    const c = await customerWrites('messenger', 30);
    const from = since();
    expect(await typingWith().agentTyping(s.organizationId, c.conversationId)).toBe('window_closed');
    expect(postsSince('messenger', from)).toEqual([]);
  });

  it("another organisation's conversation is not found, and nothing is called", async () => {
    const c = await customerWrites('messenger');
    const from = since();
    expect(await typingWith().agentTyping(s.organizationId + 1000, c.conversationId)).toBe('not_supported');
    expect(postsSince('messenger', from)).toEqual([]);
  });

  it("a platform's refusal is logged, never thrown", async () => {
    const c = await customerWrites('messenger');
    // The platform forgets the thread: Graph answers "(#100) No matching user found".
    await s.simulator.reset();
    warnings.length = 0;
    expect(await typingWith().agentTyping(s.organizationId, c.conversationId)).toBe('failed');
    expect(warnings).toEqual(['the platform refused a typing indicator']);
    expect(s.simulator.recorded.last({ platform: 'messenger' })?.status).toBe(400);
  });
});

describe('the rate limit', () => {
  it('one call per conversation per interval, whoever types; each conversation counts on its own', async () => {
    const one = await customerWrites('messenger');
    const two = await customerWrites('messenger');
    const typing = typingWith();
    const from = since();
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await typing.agentTyping(s.organizationId, one.conversationId));
    outcomes.push(await typing.agentTyping(s.organizationId, two.conversationId));
    expect(outcomes).toEqual(['sent', 'limited', 'limited', 'limited', 'limited', 'sent']);
    clock += 3999;
    expect(await typing.agentTyping(s.organizationId, one.conversationId)).toBe('limited');
    clock += 1;
    expect(await typing.agentTyping(s.organizationId, one.conversationId)).toBe('sent');
    const typingCalls = postsSince('messenger', from).filter((c) => (c.body as { sender_action?: string }).sender_action === 'typing_on');
    expect(typingCalls.map((c) => (c.body as { recipient: { id: string } }).recipient.id)).toEqual([one.customerId, two.customerId, one.customerId]);
  });
});

describe("the composer's typing announcement starts it", () => {
  it('an agent typing on the socket makes the platform show typing', async () => {
    const c = await customerWrites('whatsapp');
    const socket: Socket = connectSocket(s.snorq.url, { path: '/socket.io', auth: { token: s.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('hello', () => resolve());
        socket.on('connect_error', reject);
      });
      const from = since();
      socket.emit('conversation:activity', { conversationId: c.conversationId, kind: 'typing' });
      const call = await s.simulator.recorded.waitFor({ platform: 'whatsapp', path: /\/messages$/ }, { sinceSeq: from });
      expect(call.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: c.externalId, typing_indicator: { type: 'text' } });
    } finally {
      socket.close();
    }
  });
});
