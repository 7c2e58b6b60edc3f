import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredWebhook, RecordedCall } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Receipts never stand in for a send. The simulator sends its delivery/read watermarks after
 * every reply, also while the next reply of the thread is still queued, in flight or waiting out
 * a rate limit; those replies must still go out exactly once, with the platform's id, and then
 * show delivered/read.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  // `slow` holds a send's answer until the test releases it (hangMs is only a safety net, below
  // snorq's 15 s call timeout).
  s = await startSandboxedSnorq({ autoReceipts: true, hangMs: 12_000 });
});
afterAll(async () => s?.close());

type Platform = 'messenger' | 'instagram' | 'tiktok';
let customerSeq = 0;
const bodyOf = (c: { body?: unknown }) => JSON.stringify(c.body ?? null);

async function customerWrites(platform: Platform): Promise<{ conversationId: number; customerId: string }> {
  const customerId = `rws${++customerSeq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id: customerId, name: `Receipts ${customerSeq}` }, text: 'two questions' });
  expect(sent.status).toBe(200);
  const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
  // Profile lookups are API calls too: finish them so an armed fault meets a send.
  await s.snorq.ctx.profiles?.idle();
  return { conversationId: row.conversation_id, customerId };
}

async function queue(conversationId: number, content: string): Promise<number> {
  const res = await s.api('/api/messages', { json: { conversationId, content } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { message: { id: number } }).message.id;
}

const row = (id: number) => s.snorq.ctx.db.selectFrom('messages').select(['status', 'external_id']).where('id', '=', id).executeTakeFirstOrThrow();
/** The send calls that carried `text`, and the platform id of the one the platform accepted. */
function sends(platform: Platform, text: string): { calls: RecordedCall[]; accepted: RecordedCall[]; acceptedId: string | undefined } {
  const calls = s.simulator.recorded.list({ platform, method: 'POST' }).filter((c) => bodyOf(c).includes(text));
  const accepted = calls.filter((c) => c.status === 200 && !/"error"|"code":[1-9]/.test(JSON.stringify(c.response)));
  const response = accepted[0]?.response as { message_id?: string; data?: { message?: { message_id?: string } } } | undefined;
  return { calls, accepted, acceptedId: response?.message_id ?? response?.data?.message?.message_id };
}
/** The read receipts the simulator posted for this customer and snorq answered. */
const readReceipts = (platform: Platform, customerId: string): DeliveredWebhook[] =>
  s.simulator.recorded
    .webhooks({ platform })
    .filter((w) => w.status !== undefined && w.body.includes(customerId) && (platform === 'tiktok' ? w.body.includes('im_mark_read_msg') : w.body.includes('"read":{')));

describe('receipts while the next reply is still on its way', () => {
  for (const platform of ['messenger', 'instagram', 'tiktok'] as const) {
    it(`${platform}: the second reply's answer is slow; both replies' receipts arrive first; both are sent once, then read`, async () => {
      const { conversationId, customerId } = await customerWrites(platform);
      s.simulator.faults.set({ platform, kind: 'slow', skip: 1 });
      const first = await queue(conversationId, `first answer ${platform}`);
      const second = await queue(conversationId, `second answer ${platform}`);

      // The platform has both messages and has sent the receipts of both (watermarks covering
      // both replies), while the second send's HTTP answer is still held.
      const held = await eventually(async () => sends(platform, `second answer ${platform}`).calls.find((c) => c.fault === 'slow'));
      await eventually(async () => readReceipts(platform, customerId).length >= 2);
      expect(held.status).toBeUndefined();
      // In flight: still the worker's, untouched by the receipts.
      expect(await row(second)).toEqual({ status: 'pending', external_id: null });

      expect(s.simulator.faults.release()).toBe(1);
      for (const [id, text] of [
        [first, `first answer ${platform}`],
        [second, `second answer ${platform}`],
      ] as const) {
        const recorded = await eventually(async () => ((await row(id)).external_id ? row(id) : undefined));
        const { accepted, acceptedId } = sends(platform, text);
        expect(accepted).toHaveLength(1);
        expect(recorded.external_id).toBe(acceptedId);
        // The receipts that came before the answer are applied once the send is recorded.
        await eventually(async () => (await row(id)).status === 'read');
      }
    });
  }

  it('messenger: the second reply is throttled; the first one’s watermarks do not mark it; it is sent once after the pause, then read', async () => {
    const { conversationId, customerId } = await customerWrites('messenger');
    s.simulator.faults.set({ platform: 'messenger', kind: 'rate_limit', skip: 1, retryAfterSeconds: 1 });
    const first = await queue(conversationId, 'throttled first');
    const second = await queue(conversationId, 'throttled second');

    await eventually(async () => sends('messenger', 'throttled second').calls.find((c) => c.fault === 'rate_limit' && c.status !== undefined));
    const recorded = await eventually(async () => ((await row(second)).external_id ? row(second) : undefined));
    const { calls, accepted, acceptedId } = sends('messenger', 'throttled second');
    expect(calls.length).toBe(2);
    expect(accepted).toHaveLength(1);
    expect(recorded.external_id).toBe(acceptedId);
    await eventually(async () => (await row(second)).status === 'read' && (await row(first)).status === 'read');
    // the first reply's receipts and the second's: the simulator watermarked after each send (the
    // second's answered by snorq once stored, so it is counted a moment after the row reads 'read')
    await eventually(async () => readReceipts('messenger', customerId).length >= 2, 'both replies’ read receipts answered');
  });
});
