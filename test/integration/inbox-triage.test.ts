import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationPage, ConversationSummary } from '../../src/contract/conversations.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Who is waiting comes first (issue "The inbox an agent would choose", item 1): the waiting view
 * and sorts of the list, "unread" that may include the unanswered, who wrote the previewed
 * message, and a reply that failed for good making the customer wait again (a note never answers).
 */
let s: SandboxedSnorq;
let adminId: number;

beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
  adminId = ((await (await s.api('/api/v1/auth/me')).json()) as { id: number }).id;
});
afterAll(async () => {
  await s?.close();
});

/** A customer of WhatsApp writes; returns their conversation and the message's id. */
async function customerWrites(phone: string, text: string): Promise<number> {
  const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: phone, name: `Waiting ${phone}` }, text });
  expect(sent.status, sent.body).toBe(200);
  const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
  return row.conversation_id;
}

async function list(query: string): Promise<ConversationPage> {
  const res = await s.api(`/api/v1/conversations?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ConversationPage;
}
const ids = (page: ConversationPage) => page.conversations.map((c) => c.id);
const row = async (id: number): Promise<ConversationSummary> => ((await (await s.api(`/api/v1/conversations/${id}`)).json()) as { conversation: ConversationSummary }).conversation;

async function reply(conversationId: number, body: Record<string, unknown>): Promise<number> {
  const res = await s.api('/api/messages', { json: { conversationId, ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { message: { id: number } }).message.id;
}
const statusOf = async (messageId: number) => (await s.snorq.ctx.db.selectFrom('messages').select('status').where('id', '=', messageId).executeTakeFirstOrThrow()).status;

describe('the waiting view and its sorts', () => {
  it('puts the longest-waiting customer first, leaves answered ones out, and counts neither notes nor failed replies as answers', async () => {
    const first = await customerWrites('491710000101', 'I wrote first');
    const second = await customerWrites('491710000102', 'I wrote second');
    const third = await customerWrites('491710000103', 'I wrote third');

    // Newest activity first by default; the longest wait first in the waiting order.
    expect(ids(await list('waiting=true')).filter((id) => [first, second, third].includes(id))).toEqual([third, second, first]);
    expect(ids(await list('waiting=true&sort=waiting')).filter((id) => [first, second, third].includes(id))).toEqual([first, second, third]);

    // An answered customer leaves the waiting view, and the preview says who answered.
    const answer = await reply(first, { content: 'Happy to help' });
    await eventually(async () => (await statusOf(answer)) === 'sent');
    expect(ids(await list('waiting=true'))).not.toContain(first);
    expect((await row(first)).lastSender).toEqual({ kind: 'agent', userId: adminId, name: expect.any(String) });
    expect((await row(second)).lastSender).toEqual({ kind: 'customer', userId: null, name: null });

    // A private note is not an answer.
    await reply(second, { content: 'checking with the warehouse', privateNote: true });
    expect(ids(await list('waiting=true'))).toContain(second);

    // A reply that fails for good never reached the customer: waiting again, since their message.
    const before = (await row(third)).waitingSince;
    expect(before).not.toBeNull();
    s.simulator.faults.set({ platform: 'whatsapp', kind: 'window_closed', times: 1 });
    const failing = await reply(third, { content: 'this one will not arrive' });
    expect(ids(await list('waiting=true'))).not.toContain(third);
    await eventually(async () => (await statusOf(failing)) === 'failed');
    expect((await row(third)).waitingSince).toBe(before);
    expect(ids(await list('waiting=true&sort=waiting')).filter((id) => [first, second, third].includes(id))).toEqual([second, third]);
  });

  it('sorts by priority, urgent first, and pages through a non-default order without repeating a row', async () => {
    const low = await customerWrites('491710000201', 'low');
    const urgent = await customerWrites('491710000202', 'urgent');
    const high = await customerWrites('491710000203', 'high');
    for (const [id, priority] of [
      [low, 'low'],
      [urgent, 'urgent'],
      [high, 'high'],
    ] as const) {
      expect((await s.api(`/api/v1/conversations/${id}`, { method: 'PATCH', json: { priority } })).status).toBe(200);
    }
    const order = ids(await list('sort=priority&limit=200'));
    expect(order.indexOf(urgent)).toBe(0);
    expect(order.indexOf(high)).toBe(1);
    expect(order.indexOf(low)).toBe(order.length - 1);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: ConversationPage = await list(`sort=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(order);
    expect((await s.api('/api/v1/conversations?sort=waiting&cursor=bm9wZQ')).status).toBe(400);
  });

  it('lets "unread" include conversations read but not answered', async () => {
    const read = await customerWrites('491710000301', 'seen but not answered');
    expect((await s.api(`/api/messages/${read}/read`, { method: 'POST' })).status).toBeLessThan(300);
    expect(ids(await list('unread=true&limit=200'))).not.toContain(read);
    expect(ids(await list('unread=unanswered&limit=200'))).toContain(read);
    // Bulk actions take the same filter.
    const bulk = await s.api('/api/v1/conversations/bulk', { json: { action: 'set_priority', priority: 'high', filter: { unread: 'unanswered', waiting: true } } });
    expect(bulk.status, await bulk.clone().text()).toBe(200);
    expect((await row(read)).priority).toBe('high');
  });
});
