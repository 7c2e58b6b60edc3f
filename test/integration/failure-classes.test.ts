import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxWorker, type OutboxWorker } from '../../src/core/outbox/outbox-worker.ts';
import { MAX_ATTEMPTS } from '../../src/core/outbox/outbox-worker.ts';
import type { FaultKind, FaultSpec, SimPlatform } from '../../src/simulator/index.ts';
import fs from 'node:fs';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * A failed reply carries the class of its failure (a code the web app translates) and the
 * platform's own code and words as evidence, whichever way the platform said no: refusing the
 * send (Meta, TikTok) or accepting it and failing it later by a webhook (WhatsApp's
 * 131047, Twilio's 63016). The simulator answers each with the platform's own error shape.
 */
let s: SandboxedSnorq;
let worker: OutboxWorker;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: true });
  await s.snorq.ctx.outbox!.stop();
  const { db, config, secretBox } = s.snorq.ctx;
  worker = createOutboxWorker({ db, config, secretBox, resolveMedia: () => null, log: quiet, pollMs: 50 });
  s.snorq.ctx.outbox = worker;
  worker.start();
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await s?.close();
});

let n = 0;
async function conversationOf(platform: SimPlatform): Promise<number> {
  n += 1;
  const id = platform === 'whatsapp' ? `4917200000${n}` : platform === 'twilio' ? `+14155551${String(n).padStart(3, '0')}` : `fc-${platform}-${n}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name: `Failing ${n}` }, text: `hello ${n}` });
  expect(sent.status, sent.body).toBe(200);
  const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
  return row.conversation_id;
}

/** A reply sent while the platform is armed to refuse it: the failed message as the API shows it. */
async function failedReply(platform: SimPlatform, kind: FaultKind, fault: Partial<FaultSpec> = {}) {
  const conversationId = await conversationOf(platform);
  await s.snorq.ctx.profiles?.idle();
  s.simulator.faults.set({ platform, kind, times: 1, ...fault });
  const res = await s.api('/api/messages', { json: { conversationId, content: `a reply that fails (${platform}, ${kind})` } });
  expect(res.status, await res.clone().text()).toBe(201);
  const { message } = (await res.json()) as { message: { id: number } };
  await eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('status').where('id', '=', message.id).executeTakeFirstOrThrow()).status === 'failed', 'the reply to fail');
  const list = (await (await s.api(`/api/messages?conversationId=${conversationId}`)).json()) as { messages: { id: number; errorCode: string; errorReason: string; errorDetail: string | null }[] };
  return list.messages.find((m) => m.id === message.id)!;
}

describe('a failed reply’s class and the platform’s words', () => {
  it('a closed window, refused at once (Messenger 10/2018278, TikTok 40064)', async () => {
    const messenger = await failedReply('messenger', 'window_closed');
    expect(messenger.errorCode).toBe('WINDOW_CLOSED');
    expect(messenger.errorDetail).toMatch(/^10\/2018278: .+/);
    const tiktok = await failedReply('tiktok', 'window_closed');
    expect(tiktok.errorCode).toBe('WINDOW_CLOSED');
    expect(tiktok.errorDetail).toMatch(/^40064: .+/);
  });

  it('a closed window reported later by a webhook (WhatsApp 131047, Twilio 63016)', async () => {
    const whatsapp = await failedReply('whatsapp', 'window_closed');
    expect(whatsapp).toMatchObject({ errorCode: 'WINDOW_CLOSED', errorReason: expect.stringMatching(/Re-engagement message/) });
    expect(whatsapp.errorDetail).toMatch(/^131047: Re-engagement message/);
    const twilio = await failedReply('twilio', 'window_closed');
    expect(twilio.errorCode).toBe('WINDOW_CLOSED');
    expect(twilio.errorDetail).toMatch(/^63016/);
  });

  it('a token the platform rejects (Instagram 190), also as the channel’s last error', async () => {
    const instagram = await failedReply('instagram', 'token_expired');
    expect(instagram.errorCode).toBe('TOKEN_EXPIRED');
    expect(instagram.errorDetail).toMatch(/^190\/463: Error validating access token/);
    const channels = (await (await s.api('/api/v1/channels')).json()) as { channels: { platform: string; connectionState: string; lastErrorCode: string | null; lastErrorDetail: string | null }[] };
    expect(channels.channels.find((c) => c.platform === 'instagram')).toMatchObject({
      connectionState: 'needs_reconnect',
      lastErrorCode: 'TOKEN_EXPIRED',
      lastErrorDetail: expect.stringMatching(/^190\/463: /),
    });
  });
});

/** The class's text an agent reads in German (the web app's server-texts catalogue). */
const german = JSON.parse(fs.readFileSync('web/src/i18n/locales/de/server-texts.json', 'utf8')) as { platformError: Record<string, string> };
const germanText = (code: string): string | undefined => german.platformError[code];

type Attempt = { status: string; send_attempts: number; next_attempt_at: Date | null; error_code: string | null };
const attemptOf = (id: number): Promise<Attempt> =>
  s.snorq.ctx.db.selectFrom('messages').select(['status', 'send_attempts', 'next_attempt_at', 'error_code']).where('id', '=', id).executeTakeFirstOrThrow();

/** A rate limit's hint here: an hour, so that no attempt can fall due while the test runs unless the test says the hour has passed. */
const HINT_SECONDS = 3600;

/**
 * A reply whose every attempt meets the fault: the outbox retries it (after the platform's hint,
 * or its backoff of 1, 2, 4, 8 s with ±20 % jitter) until MAX_ATTEMPTS, and the last failure is
 * final. Each attempt is one call the simulator recorded.
 *
 * The test does not wait for the backoff (it did: ~16 s of a 5xx's backoff and ~4 s of hints).
 * The worker's loop is stopped and each attempt is one `drain()`; after it, the reply's
 * next_attempt_at is read — when the worker said the next attempt may be — and then moved to now,
 * which is the time passing without waiting for it. Each wait is returned as the range it must lie
 * in: the drain began at `before` and ended at `after`, so the delay the worker chose is between
 * next_attempt_at − after and next_attempt_at − before, however slow the machine.
 */
async function exhaustedReply(platform: SimPlatform, kind: FaultKind) {
  const conversationId = await conversationOf(platform);
  await s.snorq.ctx.profiles?.idle();
  s.simulator.faults.set({ platform, kind, times: MAX_ATTEMPTS, retryAfterSeconds: HINT_SECONDS });
  const content = `a reply the platform keeps refusing (${platform}, ${kind})`;
  const res = await s.api('/api/messages', { json: { conversationId, content } });
  const { message } = (await res.json()) as { message: { id: number } };
  const { channel_id: channelId } = await s.snorq.ctx.db.selectFrom('messages').select('channel_id').where('id', '=', message.id).executeTakeFirstOrThrow();
  const waits: { afterAttempt: number; atLeastMs: number; atMostMs: number; channelPausedMs: [number, number] | null }[] = [];
  for (;;) {
    const before = Date.now();
    await worker.drain();
    const after = Date.now();
    const row = await attemptOf(message.id);
    if (row.status !== 'pending') break;
    const channel = await s.snorq.ctx.db.selectFrom('channels').select('send_paused_until').where('id', '=', channelId).executeTakeFirstOrThrow();
    const due = row.next_attempt_at!.getTime();
    const paused = channel.send_paused_until?.getTime();
    waits.push({ afterAttempt: row.send_attempts, atLeastMs: due - after, atMostMs: due - before, channelPausedMs: paused === undefined ? null : [paused - after, paused - before] });
    // Not due yet (an hour ahead, whatever the wait was): a pass sends nothing.
    const calls = recordedCalls(platform, content).length;
    await s.snorq.ctx.db
      .updateTable('messages')
      .set({ next_attempt_at: new Date(Date.now() + 3_600_000) })
      .where('id', '=', message.id)
      .execute();
    await worker.drain();
    expect(recordedCalls(platform, content)).toHaveLength(calls);
    // The wait is over.
    await s.snorq.ctx.db.updateTable('messages').set({ next_attempt_at: new Date() }).where('id', '=', message.id).execute();
    await s.snorq.ctx.db.updateTable('channels').set({ send_paused_until: null }).where('id', '=', channelId).execute();
  }
  // The last refusal paused the channel for the hint's hour too: over, for the tests after this one.
  await s.snorq.ctx.db.updateTable('channels').set({ send_paused_until: null }).where('id', '=', channelId).execute();
  const list = (await (await s.api(`/api/messages?conversationId=${conversationId}`)).json()) as { messages: { id: number; errorCode: string; errorDetail: string | null }[] };
  return { message: list.messages.find((m) => m.id === message.id)!, row: await attemptOf(message.id), calls: recordedCalls(platform, content), waits };
}
const recordedCalls = (platform: SimPlatform, content: string) => s.simulator.recorded.list({ platform, method: 'POST' }).filter((c) => JSON.stringify(c.body ?? null).includes(content));

describe('retried, then failed with the class', () => {
  // Attempts are driven by drain() (see exhaustedReply); the loop is back for the tests after these.
  beforeAll(() => worker.stop());
  afterAll(() => worker.start());

  it('rate-limited: each attempt waits for the platform’s hint, the last one fails as RATE_LIMITED (Twilio 20429)', async () => {
    const { message, row, calls, waits } = await exhaustedReply('twilio', 'rate_limit');
    expect(calls.map((c) => c.fault)).toEqual(Array(MAX_ATTEMPTS).fill('rate_limit'));
    expect(row.send_attempts).toBe(MAX_ATTEMPTS);
    expect(message).toMatchObject({ errorCode: 'RATE_LIMITED', errorDetail: expect.stringMatching(/^20429: Too Many Requests/) });
    expect(germanText(message.errorCode)).toMatch(/langsamer|später/);
    // Every retry waited for Retry-After (not the backoff), and the whole channel paused as long.
    expect(waits.map((w) => w.afterAttempt)).toEqual([1, 2, 3, 4]);
    for (const w of waits) {
      expect(w.atMostMs).toBeGreaterThanOrEqual(HINT_SECONDS * 1000);
      expect(w.atLeastMs).toBeLessThanOrEqual(HINT_SECONDS * 1000);
      expect(w.channelPausedMs![1]).toBeGreaterThanOrEqual(HINT_SECONDS * 1000);
      expect(w.channelPausedMs![0]).toBeLessThanOrEqual(HINT_SECONDS * 1000);
    }
  });

  it('platform down: 5xx retried with backoff, then failed as PLATFORM_UNAVAILABLE (Messenger code 2)', async () => {
    const { message, row, calls, waits } = await exhaustedReply('messenger', 'server_error');
    expect(calls.map((c) => c.fault)).toEqual(Array(MAX_ATTEMPTS).fill('server_error'));
    expect(row.send_attempts).toBe(MAX_ATTEMPTS);
    expect(message).toMatchObject({ errorCode: 'PLATFORM_UNAVAILABLE', errorDetail: expect.stringMatching(/^2: An unexpected error has occurred/) });
    expect(germanText(message.errorCode)).toBeTruthy();
    // The backoff doubles from 1 s, ±20 % jitter; no hint, so the channel is not paused. Normally
    // each drain makes one attempt; one stalled for longer than a backoff (a loaded machine) may
    // make two, so the waits seen are checked each against its own attempt, not counted.
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.map((w) => w.afterAttempt)).toEqual([...waits.map((w) => w.afterAttempt)].sort((a, b) => a - b));
    for (const w of waits) {
      const backoff = 1000 * 2 ** (w.afterAttempt - 1);
      expect(w.atMostMs).toBeGreaterThanOrEqual(0.8 * backoff);
      expect(w.atLeastMs).toBeLessThanOrEqual(1.2 * backoff);
      expect(w.channelPausedMs).toBeNull();
    }
  });
});

describe('the platforms’ own refusals, classed', () => {
  it('Twilio 30007: accepted, then undelivered by the status callback, failed as MESSAGE_FILTERED', async () => {
    const twilio = await failedReply('twilio', 'platform_error', { code: '30007' });
    expect(twilio).toMatchObject({ errorCode: 'MESSAGE_FILTERED', errorReason: expect.stringMatching(/filtered/) });
    expect(twilio.errorDetail).toMatch(/^30007/);
    expect(germanText(twilio.errorCode)).toMatch(/gefiltert/);
  });

  it('Meta’s privacy terms and permissions (Messenger 2/2018344, 200), TikTok’s missing scope (40001)', async () => {
    const terms = await failedReply('messenger', 'platform_error', { code: '2/2018344' });
    expect(terms).toMatchObject({ errorCode: 'ACCOUNT_RESTRICTED', errorDetail: expect.stringMatching(/^2\/2018344: Service temporarily unavailable/) });
    const permission = await failedReply('messenger', 'platform_error', { code: '200' });
    expect(permission).toMatchObject({ errorCode: 'PERMISSION_MISSING', errorDetail: expect.stringMatching(/^200: /) });
    const tiktok = await failedReply('tiktok', 'platform_error', { code: '40001' });
    expect(tiktok).toMatchObject({ errorCode: 'PERMISSION_MISSING', errorDetail: expect.stringMatching(/^40001: No permission/) });
    for (const code of ['ACCOUNT_RESTRICTED', 'PERMISSION_MISSING']) expect(germanText(code)).toBeTruthy();
    // A refusal about permissions is not the token's: the channels are not sent to reconnect.
    const channels = (await (await s.api('/api/v1/channels')).json()) as { channels: { platform: string; connectionState: string }[] };
    expect(channels.channels.filter((c) => c.platform === 'messenger' || c.platform === 'tiktok').map((c) => c.connectionState)).toEqual(['connected', 'connected']);
  });
});
