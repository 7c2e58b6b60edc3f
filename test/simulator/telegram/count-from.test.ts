import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimAccount, type Simulator } from '../../../src/simulator/index.ts';
import { call, json } from '../helpers.ts';

/**
 * A private chat numbers its messages from 1; a simulator started with `countFrom` (npm start's
 * sandbox when its state file was lost, while snorq's database still holds the chats' ids)
 * numbers a chat it meets from there, for both sides, so a new run never repeats an id snorq
 * already stored.
 */

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const BOT: SimAccount = { platform: 'telegram', accountId: '7123456789', accessToken: TOKEN };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, webhookBaseUrl: 'http://127.0.0.1:9', secrets: {}, accounts: [BOT], countFrom: 200_000_000 });
});
afterAll(() => sim.close());

describe('telegram simulator: countFrom', () => {
  it("numbers a chat's messages from countFrom, the customer's and the bot's alike", async () => {
    const first = await sim.customers.send('telegram', { accountId: BOT.accountId, customer: { id: '23' }, text: 'hello' });
    expect(first.externalId).toBe('23:200000000');
    const reply = await call(`${sim.url}/telegram/bot${TOKEN}/sendMessage`, json({ chat_id: 23, text: 'hi' }));
    expect(reply.body).toMatchObject({ ok: true, result: { message_id: 200_000_001 } });
  });

  it('refuses a countFrom that is not a positive integer, saying so', async () => {
    for (const countFrom of [0, -5, 1.5, Number.NaN]) {
      await expect(startSimulator({ port: 0, webhookBaseUrl: 'http://127.0.0.1:9', secrets: {}, accounts: [BOT], countFrom })).rejects.toThrow(/countFrom must be a positive integer/);
    }
  });
});
