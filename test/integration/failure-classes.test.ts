import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxWorker, type OutboxWorker } from '../../src/core/outbox/outbox-worker.ts';
import type { FaultKind, SimPlatform } from '../../src/simulator/index.ts';
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
async function failedReply(platform: SimPlatform, kind: FaultKind) {
  const conversationId = await conversationOf(platform);
  await s.snorq.ctx.profiles?.idle();
  s.simulator.faults.set({ platform, kind, times: 1 });
  const res = await s.api('/api/messages', { json: { conversationId, content: `a reply that fails (${platform}, ${kind})` } });
  expect(res.status, await res.clone().text()).toBe(201);
  const { message } = (await res.json()) as { message: { id: number } };
  await eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('status').where('id', '=', message.id).executeTakeFirstOrThrow()).status === 'failed', 20_000);
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
