import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxWorker, type OutboxWorker } from '../../src/core/outbox/outbox-worker.ts';
import type { RecordedCall, SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The platforms misbehave for a while, then recover: timeouts (held, then the connection
 * dropped), throttling with and without Retry-After, 5xx, an expired token, a closed window.
 * Every reply must end `sent` or `failed` with a reason the agent can read, none may reach the
 * customer twice (counted in the simulator's record of calls), and no channel is called again
 * before the Retry-After it was given has elapsed.
 */
let s: SandboxedSnorq;
let worker: OutboxWorker;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const PLATFORMS = ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const;
const RETRY_AFTER_S = 2;

beforeAll(async () => {
  // A timeout fault holds the request 300 ms, then drops the connection without an answer.
  s = await startSandboxedSnorq({ autoReceipts: false, hangMs: 300 });
  // The app's own outbox polls every second; this one polls every 50 ms so retries are prompt.
  await s.snorq.ctx.outbox!.stop();
  const { db, config, secretBox } = s.snorq.ctx;
  worker = createOutboxWorker({ db, config, secretBox, resolveMedia: () => null, log: quiet, pollMs: 50 });
  s.snorq.ctx.outbox = worker;
});
afterAll(async () => {
  await worker?.stop();
  await s?.close();
});

type Row = { id: number; status: string; error_code: string | null; error_reason: string | null; content: string | null; channel_id: number };
const rows = (ids: number[]): Promise<Row[]> =>
  s.snorq.ctx.db.selectFrom('messages').select(['id', 'status', 'error_code', 'error_reason', 'content', 'channel_id']).where('id', 'in', ids).orderBy('id').execute();
const bodyOf = (c: RecordedCall) => JSON.stringify(c.body ?? null);
/** Calls that carried this reply's text; `delivered` are those the platform accepted (no fault, 2xx). */
function callsFor(platform: SimPlatform, text: string) {
  const calls = s.simulator.recorded.list({ platform, method: 'POST' }).filter((c) => bodyOf(c).includes(JSON.stringify(text).slice(1, -1)));
  return { calls, delivered: calls.filter((c) => !c.fault && c.status !== undefined && c.status < 300) };
}

async function conversationOf(platform: SimPlatform, n: number): Promise<number> {
  const id = platform === 'whatsapp' ? `4917100000${n}` : platform === 'twilio' ? `+14155550${String(n).padStart(3, '0')}` : `pf-${platform}-${n}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name: `Faulty ${n}` }, text: `hi ${n}` });
  expect(sent.status, sent.body).toBe(200);
  const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
  return row.conversation_id;
}

describe('replies while the platforms fail and recover', () => {
  it('end sent or failed with a reason, are never sent twice, and honour Retry-After', async () => {
    const conversations = new Map<SimPlatform, number[]>();
    for (const platform of PLATFORMS) conversations.set(platform, [await conversationOf(platform, 1), await conversationOf(platform, 2)]);
    // Profile lookups are API calls too: finish them so that every armed fault meets a send.
    await s.snorq.ctx.profiles?.idle();
    await s.snorq.ctx.profiles?.stop();

    const f = s.simulator.faults;
    f.set({ platform: 'messenger', kind: 'server_error', times: 2 });
    f.set({ platform: 'messenger', kind: 'window_closed', times: 1 });
    f.set({ platform: 'instagram', kind: 'token_expired', times: 1 });
    f.set({ platform: 'whatsapp', kind: 'timeout', times: 1 });
    f.set({ platform: 'whatsapp', kind: 'rate_limit', times: 1 });
    f.set({ platform: 'twilio', kind: 'rate_limit', times: 1, retryAfterSeconds: RETRY_AFTER_S });
    f.set({ platform: 'twilio', kind: 'server_error', times: 1 });
    f.set({ platform: 'tiktok', kind: 'rate_limit', times: 2 });
    f.set({ platform: 'tiktok', kind: 'server_error', times: 1 });

    // Three replies in each of two conversations per platform: 30 in all. Twilio's second
    // conversation writes only once the channel is paused by the 429, to see the pause hold for
    // the whole channel (a send already on the wire when the 429 came cannot be called back).
    const replies: { platform: SimPlatform; text: string; id: number }[] = [];
    const queue = async (platform: SimPlatform, conversationId: number) => {
      for (let i = 0; i < 3; i++) {
        const text = `fault test ${platform} ${conversationId} #${i} “quoted”`;
        const res = await s.api('/api/messages', { json: { conversationId, content: text } });
        expect(res.status).toBe(201);
        replies.push({ platform, text, id: ((await res.json()) as { message: { id: number } }).message.id });
      }
    };
    for (const platform of PLATFORMS) for (const conversationId of conversations.get(platform)!.slice(0, platform === 'twilio' ? 1 : 2)) await queue(platform, conversationId);
    worker.start();
    await eventually(async () => (await s.snorq.ctx.db.selectFrom('channels').select('send_paused_until').where('platform', '=', 'twilio').executeTakeFirstOrThrow()).send_paused_until);
    await queue('twilio', conversations.get('twilio')![1]!);
    const ids = replies.map((r) => r.id);
    const settled = async () => ((await rows(ids)).every((r) => r.status !== 'pending') ? true : undefined);
    await eventually(settled, 'every reply sent or failed');
    expect(f.list()).toEqual([]); // every armed fault met a call

    // 1. Every reply is sent, or failed with a reason an agent can read.
    const first = new Map((await rows(ids)).map((r) => [r.id, r]));
    for (const r of replies) {
      const row = first.get(r.id)!;
      const { calls, delivered } = callsFor(r.platform, r.text);
      if (row.status === 'failed') {
        expect(row.error_code, r.text).toMatch(/^[A-Z_]+$/);
        expect(row.error_reason!.length, r.text).toBeGreaterThan(20);
        expect(row.error_reason, r.text).not.toMatch(/Retrying automatically|sandbox|EAA|IGQ|act\./);
        expect(delivered, r.text).toHaveLength(0);
      } else {
        expect(row.status, r.text).toBe('sent');
        expect(delivered, r.text).toHaveLength(1);
      }
      // Faults cost at most the retries the policy allows; never a second accepted send.
      expect(calls.length, r.text).toBeLessThanOrEqual(5);
    }
    const failedCodes = [...first.values()]
      .filter((r) => r.status === 'failed')
      .map((r) => r.error_code)
      .sort();
    // The closed window and the uncertain timeout are final at once; the expired token fails
    // its send and every later one on the channel (which needs reconnecting) without a call.
    expect(failedCodes).toContain('WINDOW_CLOSED');
    expect(failedCodes).toContain('DELIVERY_UNCERTAIN');
    expect(failedCodes).toContain('TOKEN_EXPIRED');
    expect(failedCodes.every((c) => ['WINDOW_CLOSED', 'DELIVERY_UNCERTAIN', 'TOKEN_EXPIRED'].includes(c!))).toBe(true);
    const uncertain = replies.find((r) => first.get(r.id)!.error_code === 'DELIVERY_UNCERTAIN')!;
    expect(uncertain.platform).toBe('whatsapp');
    expect(callsFor('whatsapp', uncertain.text).calls).toHaveLength(1); // never resent by itself
    const instagram = await s.snorq.ctx.db.selectFrom('channels').select('connection_state').where('platform', '=', 'instagram').executeTakeFirstOrThrow();
    expect(instagram.connection_state).toBe('needs_reconnect');

    // 2. Throttling: after Twilio's 429 with Retry-After, nothing went to Twilio before it elapsed,
    // in either conversation.
    const twilioSends = s.simulator.recorded.list({ platform: 'twilio', method: 'POST', path: /Messages\.json$/ });
    const throttled = twilioSends.find((c) => c.fault === 'rate_limit')!;
    expect(throttled.status).toBe(429);
    const after = twilioSends.filter((c) => c.seq > throttled.seq);
    expect(after.length).toBeGreaterThan(0);
    for (const c of after) expect(c.time - throttled.time).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    // And a retried send waited at least the backoff's lower bound (1 s base, ±20 % jitter).
    for (const platform of ['messenger', 'tiktok'] as const) {
      for (const r of replies.filter((x) => x.platform === platform)) {
        const { calls } = callsFor(platform, r.text);
        for (let i = 1; i < calls.length; i++) expect(calls[i]!.time - calls[i - 1]!.time, r.text).toBeGreaterThanOrEqual(800);
      }
    }

    // 3. Recovery: the admin reconnects Instagram and the agent retries what failed.
    const ig = s.account('instagram');
    const reconnect = await s.api('/api/v1/channels', { json: { platform: 'instagram', externalAccountId: ig.accountId, displayName: 'IG again', credentials: { accessToken: ig.accessToken } } });
    expect(reconnect.status, await reconnect.clone().text()).toBe(201);
    for (const r of replies.filter((x) => first.get(x.id)!.status === 'failed')) {
      const retried = await s.api(`/api/v1/messages/${r.id}/retry`, { method: 'POST' });
      expect(retried.status, `${r.text}: ${await retried.clone().text()}`).toBe(200);
    }
    await eventually(settled, 'every reply sent or failed');
    for (const r of replies) {
      const row = (await rows([r.id]))[0]!;
      expect(row.status, `${r.text}: ${row.error_reason}`).toBe('sent');
      expect(callsFor(r.platform, r.text).delivered, r.text).toHaveLength(1);
    }
    console.log(
      `platform faults: ${replies.length} replies, ${failedCodes.length} failed first (${failedCodes.join(', ')}), all sent once after recovery; ${s.simulator.recorded.list().filter((c) => c.fault).length} faulted calls`,
    );
  });
});
