import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';
import { BOT_ID, connectBot, signInAdmin, startTelegramWorld, type AdminApi, type TelegramWorld } from './telegram-harness.ts';

/**
 * A Telegram reply refused because of the person, over real HTTP: the simulated Bot API answers
 * 403 "Forbidden: bot was blocked by the user" (or "user is deactivated"); the reply ends `failed`
 * as RECIPIENT_BLOCKED with Telegram's words as evidence and a text the agent reads in German,
 * and the channel stays connected: the bot's token is fine, nothing to reconnect.
 */
let world: TelegramWorld;
let sim: Simulator;
let snorq: RunningSnorq;
let api: AdminApi;

beforeAll(async () => {
  world = await startTelegramWorld();
  sim = world.sim;
  snorq = await startTestSnorq(world.database.url, world.snorqEnv);
  ({ api } = await signInAdmin(world, snorq.url));
  await connectBot(api);
}, 60_000);

afterAll(async () => {
  await snorq?.stop();
  await world?.close();
});

const german = JSON.parse(fs.readFileSync('web/src/i18n/locales/de/server-texts.json', 'utf8')) as { platformError: Record<string, string> };

async function refusedReply(customerId: string, code: string) {
  const sent = await sim.customers.send('telegram', { accountId: BOT_ID, customer: { id: customerId, name: `Customer ${customerId}` }, text: 'hello' });
  expect(sent.status, sent.body).toBe(200);
  const row = await eventually(() => snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst());
  sim.faults.set({ platform: 'telegram', kind: 'platform_error', code });
  const res = await api('/api/messages', { json: { conversationId: row.conversation_id, content: `a reply Telegram refuses (${code})` } });
  expect(res.status).toBe(201);
  const { message } = (await res.json()) as { message: { id: number } };
  await eventually(async () => (await snorq.ctx.db.selectFrom('messages').select('status').where('id', '=', message.id).executeTakeFirstOrThrow()).status === 'failed', 'the reply to fail');
  const list = (await (await api(`/api/messages?conversationId=${row.conversation_id}`)).json()) as { messages: { id: number; errorCode: string; errorReason: string; errorDetail: string | null }[] };
  return list.messages.find((m) => m.id === message.id)!;
}

describe('a Telegram reply the person refuses', () => {
  it('blocked by the user: failed as RECIPIENT_BLOCKED, Telegram’s words kept, the channel not sent to reconnect', async () => {
    const blocked = await refusedReply('501', 'blocked');
    expect(blocked).toMatchObject({ errorCode: 'RECIPIENT_BLOCKED', errorReason: expect.stringMatching(/blocked the bot/) });
    expect(blocked.errorDetail).toMatch(/Forbidden: bot was blocked by the user/);
    expect(german.platformError[blocked.errorCode]).toBeTruthy();
    const deactivated = await refusedReply('502', 'deactivated');
    expect(deactivated).toMatchObject({ errorCode: 'RECIPIENT_BLOCKED', errorReason: expect.stringMatching(/deleted their Telegram account/) });
    const channels = (await (await api('/api/v1/channels')).json()) as { channels: { platform: string; connectionState: string }[] };
    expect(channels.channels.find((c) => c.platform === 'telegram')?.connectionState).toBe('connected');
  });
});
