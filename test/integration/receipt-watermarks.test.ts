import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/core/ingest/apply-event.ts';
import { recordSendSuccess } from '../../src/core/outbox/record-send-outcome.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';
import { whatsappStatus } from '../helpers/signing.ts';

/**
 * Watermarks and statuses move only what the platform has: outbound rows recorded as sent (with
 * the platform's id). Here the test sends the receipts itself and drives the outbox by hand, so
 * each reply sits exactly where it should (pending, failed, a note) when a receipt arrives.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
  await s.snorq.ctx.outbox!.stop();
});
afterAll(async () => s?.close());

type Platform = 'messenger' | 'instagram' | 'tiktok' | 'whatsapp';
let seq = 0;
const drain = () => s.snorq.ctx.outbox!.drain();
const row = (id: number) => s.snorq.ctx.db.selectFrom('messages').select(['status', 'external_id', 'error_code']).where('id', '=', id).executeTakeFirstOrThrow();

async function customerWrites(platform: Platform): Promise<{ conversationId: number; customerId: string }> {
  const customerId = platform === 'whatsapp' ? `4917222${String(++seq).padStart(5, '0')}` : `rwm${++seq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id: customerId, name: `Watermarks ${seq}` }, text: 'hello' });
  expect(sent.status).toBe(200);
  const message = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
  await s.snorq.ctx.profiles?.idle();
  return { conversationId: message.conversation_id, customerId };
}

async function queue(conversationId: number, content: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await s.api('/api/messages', { json: { conversationId, content, ...extra } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { message: { id: number } }).message.id;
}

/** The customer's app reports "everything up to now" delivered and read. */
async function watermarks(platform: 'messenger' | 'tiktok', customerId: string, at = Date.now()): Promise<void> {
  const customer = { id: customerId };
  const accountId = s.account(platform).accountId;
  if (platform === 'messenger') expect((await s.simulator.customers.send('messenger', { accountId, customer, kind: 'delivery', watermark: at })).status).toBe(200);
  expect((await s.simulator.customers.send(platform, { accountId, customer, kind: 'read', watermark: at })).status).toBe(200);
}

describe('a watermark moves only replies the platform has', () => {
  for (const platform of ['messenger', 'tiktok'] as const) {
    it(`${platform}: a sent reply is read; a pending one, a failed one and a private note are untouched; the pending one is then sent once`, async () => {
      const { conversationId, customerId } = await customerWrites(platform);
      const sent = await queue(conversationId, 'sent before the watermark');
      await drain();
      expect((await row(sent)).status).toBe('sent');

      s.simulator.faults.set({ platform, kind: 'window_closed' });
      const failed = await queue(conversationId, 'refused by the platform');
      await drain();
      expect((await row(failed)).status).toBe('failed');

      const note = await queue(conversationId, 'a note for the team', { privateNote: true });
      const pending = await queue(conversationId, 'still in the outbox');

      await watermarks(platform, customerId);
      expect((await row(sent)).status).toBe('read');
      expect(await row(failed)).toMatchObject({ status: 'failed', external_id: null });
      expect(await row(note)).toMatchObject({ status: 'sent', external_id: null });
      expect(await row(pending)).toMatchObject({ status: 'pending', external_id: null });

      await drain();
      const out = await row(pending);
      expect(out.external_id).toEqual(expect.any(String));
      // Sent after the watermark: the remembered watermark does not cover it ...
      expect(out.status).toBe('sent');
      const calls = s.simulator.recorded.list({ platform, method: 'POST' }).filter((c) => JSON.stringify(c.body).includes('still in the outbox'));
      expect(calls).toHaveLength(1);
      // ... the next one does.
      await watermarks(platform, customerId, Date.now() + 1);
      expect((await row(pending)).status).toBe('read');
    });
  }

  it('a watermark that arrives while the send’s answer is on its way is applied when the send is recorded', async () => {
    const { conversationId, customerId } = await customerWrites('tiktok');
    s.simulator.faults.set({ platform: 'tiktok', kind: 'slow' });
    const id = await queue(conversationId, 'answered slowly');
    const sending = drain();
    // The platform has the message (its answer is held); the customer reads it.
    await eventually(async () => s.simulator.recorded.list({ platform: 'tiktok', method: 'POST' }).find((c) => c.fault === 'slow' && JSON.stringify(c.body).includes('answered slowly')));
    await watermarks('tiktok', customerId);
    expect(await row(id)).toMatchObject({ status: 'pending', external_id: null });
    expect(s.simulator.faults.release()).toBe(1);
    await sending;
    expect(await row(id)).toMatchObject({ status: 'read', external_id: expect.any(String) });
  });
});

describe('a read that names one message', () => {
  it('instagram: messaging_seen of the newest reply reads every earlier sent reply, and nothing that was not sent', async () => {
    const { conversationId, customerId } = await customerWrites('instagram');
    const first = await queue(conversationId, 'ig first');
    const second = await queue(conversationId, 'ig second');
    await drain();
    const note = await queue(conversationId, 'ig note', { privateNote: true });
    const pending = await queue(conversationId, 'ig pending');
    const newest = (await row(second)).external_id!;
    const seen = await s.simulator.customers.send('instagram', { accountId: s.account('instagram').accountId, customer: { id: customerId }, kind: 'read', replyTo: newest });
    expect(seen.status).toBe(200);
    expect((await row(first)).status).toBe('read');
    expect((await row(second)).status).toBe('read');
    expect((await row(note)).status).toBe('sent');
    expect(await row(pending)).toMatchObject({ status: 'pending', external_id: null });
    await drain();
    expect((await row(pending)).status).toBe('sent');
  });

  it('whatsapp: a late status of a failed attempt never moves the retried reply; the worker sends it', async () => {
    const { conversationId, customerId } = await customerWrites('whatsapp');
    const id = await queue(conversationId, 'retried reply');
    await drain();
    const firstId = (await row(id)).external_id!;
    const status = (st: 'failed' | 'delivered') => whatsappStatus({ phoneNumberId: s.account('whatsapp').accountId, id: firstId, status: st, recipient: customerId, timestamp: Date.now() });
    expect((await s.simulator.customers.sendRaw('whatsapp', status('failed'))).status).toBe(200);
    expect((await row(id)).status).toBe('failed');
    expect((await s.api(`/api/v1/messages/${id}/retry`, { method: 'POST' })).status).toBe(200);
    expect((await s.simulator.customers.sendRaw('whatsapp', status('delivered'))).status).toBe(200);
    expect((await row(id)).status).toBe('pending');
    await drain();
    const after = await row(id);
    expect(after.status).toBe('sent');
    expect(after.external_id).not.toBe(firstId);
    expect(s.simulator.recorded.list({ platform: 'whatsapp', method: 'POST' }).filter((c) => JSON.stringify(c.body).includes('retried reply'))).toHaveLength(2);
  });
});

describe('a receipt kept for a send that was recorded at the same moment', () => {
  it('is applied on the worker’s next pass (neither transaction saw the other’s row)', async () => {
    const { conversationId } = await customerWrites('whatsapp');
    const id = await queue(conversationId, 'raced receipt');
    await drain();
    const sent = await s.snorq.ctx.db.selectFrom('messages').select(['external_id', 'channel_id']).where('id', '=', id).executeTakeFirstOrThrow();
    // What the race leaves behind: the send recorded, its receipt still waiting.
    await s.snorq.ctx.db.insertInto('early_statuses').values({ channel_id: sent.channel_id, external_id: sent.external_id!, status: 'read', error_code: null, error_reason: null }).execute();
    await drain();
    expect((await row(id)).status).toBe('read');
    expect(await s.snorq.ctx.db.selectFrom('early_statuses').selectAll().where('external_id', '=', sent.external_id!).execute()).toEqual([]);
  });
});

describe('a watermark and the recording of a send, at the same moment', () => {
  it('never miss each other: the send waits for the watermark’s commit and reads it', async () => {
    const { conversationId, customerId } = await customerWrites('tiktok');
    const id = await queue(conversationId, 'recorded while a watermark commits');
    const { db } = s.snorq.ctx;
    // The worker claimed it and the platform accepted it a moment ago.
    const claimed = await db
      .updateTable('messages')
      .set({ sending_started_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const channel = await db.selectFrom('channels').selectAll().where('id', '=', claimed.channel_id).executeTakeFirstOrThrow();

    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    let applied!: () => void;
    const watermarkApplied = new Promise<void>((resolve) => (applied = resolve));
    const watermarkTx = db.transaction().execute(async (trx) => {
      await applyEvent(trx, channel, { kind: 'watermark', accountId: channel.external_account_id, contact: { platformUserId: customerId }, status: 'read', watermark: Date.now() }, new Date());
      applied();
      await gate;
    });
    await watermarkApplied;
    let recorded = false;
    const recording = recordSendSuccess(db, claimed, 'tt-raced-1', []).then(() => (recorded = true));
    // Either the recording finished without waiting (it would not see the uncommitted
    // watermark) or it waits for the watermark's transaction.
    await eventually(async () => {
      if (recorded) return true;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      return rows[0]!.n > 0;
    });
    commit();
    await watermarkTx;
    await recording;
    expect(await row(id)).toMatchObject({ status: 'read', external_id: 'tt-raced-1' });
  });
});
