import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformTyping } from '../../../src/core/typing/platform-typing.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';
import { BOT_ID, BOT_TOKEN, connectBot, signInAdmin, startTelegramWorld, type AdminApi, type TelegramWorld } from './telegram-harness.ts';

/**
 * A bot reacts with setMessageReaction and shows "typing…" with sendChatAction, against the
 * simulated Bot API over real HTTP; Telegram's refusals (an emoji a bot may not use, a message
 * it cannot find) come back as the reaction's failure.
 */

const THUMBS = '\u{1F44D}';

let world: TelegramWorld;
let sim: Simulator;
let snorq: RunningSnorq;
let api: AdminApi;
let organizationId: number;

beforeAll(async () => {
  world = await startTelegramWorld();
  sim = world.sim;
  snorq = await startTestSnorq(world.database.url, world.snorqEnv);
  ({ api, organizationId } = await signInAdmin(world, snorq.url));
  await connectBot(api);
}, 60_000);

afterAll(async () => {
  await snorq?.stop();
  await world?.close();
});

const customer = { id: '42', name: 'Ada' };
async function customerMessage(): Promise<{ id: number; conversationId: number; externalId: string }> {
  const sent = await sim.customers.send('telegram', { accountId: BOT_ID, customer, text: 'Is it in stock?' });
  const row = await eventually(() => snorq.ctx.db.selectFrom('messages').select(['id', 'conversation_id']).where('external_id', '=', sent.externalId!).executeTakeFirst());
  return { id: row.id, conversationId: row.conversation_id, externalId: sent.externalId! };
}

describe('reactions', () => {
  it('setMessageReaction with one ReactionTypeEmoji, and an empty list to remove it', async () => {
    const m = await customerMessage();
    const res = await api(`/api/v1/messages/${m.id}/reactions`, { json: { emoji: THUMBS } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { message: { reactions: unknown[] } }).message.reactions).toEqual([expect.objectContaining({ emoji: THUMBS })]);
    const call = sim.recorded.last({ platform: 'telegram', path: /setMessageReaction$/ });
    expect(call?.body).toEqual({ chat_id: '42', message_id: Number(m.externalId.split(':')[1]), reaction: [{ type: 'emoji', emoji: THUMBS }] });
    expect(call?.response).toEqual({ ok: true, result: true });
    expect(sim.message(m.externalId)?.businessReaction).toBe(THUMBS);

    await api(`/api/v1/messages/${m.id}/reactions`, { method: 'DELETE' });
    expect(sim.recorded.last({ platform: 'telegram', path: /setMessageReaction$/ })?.body).toMatchObject({ reaction: [] });
    expect(sim.message(m.externalId)?.businessReaction).toBeUndefined();
  });

  it('an emoji bots may not use is REACTION_INVALID, kept on the reaction as its reason', async () => {
    const m = await customerMessage();
    const res = await api(`/api/v1/messages/${m.id}/reactions`, { json: { emoji: '\u{1F4E6}' } });
    expect(res.status).toBe(200);
    const { message } = (await res.json()) as { message: { reactions: { failed?: { reason: string } }[] } };
    expect(message.reactions[0]?.failed?.reason).toMatch(/REACTION_INVALID/);
    expect(sim.recorded.last({ platform: 'telegram', path: /setMessageReaction$/ })?.status).toBe(400);
  });

  it('the Bot API refuses a message it does not know', async () => {
    const res = await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/setMessageReaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 42, message_id: 999_999, reaction: [{ type: 'emoji', emoji: THUMBS }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: MESSAGE_ID_INVALID' });
  });
});

describe('typing', () => {
  it('sendChatAction typing to the customer’s chat', async () => {
    const m = await customerMessage();
    const typing = createPlatformTyping({ db: snorq.ctx.db, config: snorq.ctx.config, secretBox: snorq.ctx.secretBox, log: { warn: () => undefined } }, { now: () => 0 });
    expect(await typing.agentTyping(organizationId, m.conversationId)).toBe('sent');
    expect(await typing.agentTyping(organizationId, m.conversationId)).toBe('limited');
    const calls = sim.recorded.list({ platform: 'telegram', path: /sendChatAction$/ });
    expect(calls.map((c) => c.body)).toEqual([{ chat_id: '42', action: 'typing' }]);
    expect(calls[0]?.response).toEqual({ ok: true, result: true });
  });
});
