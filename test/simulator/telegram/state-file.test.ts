import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimAccount, type SimulatorOptions, type SimulatorWithOAuth } from '../../../src/simulator/index.ts';
import { call, json, startReceiver, type Receiver } from '../helpers.ts';

/**
 * A simulator given a `stateFile` (npm start's sandbox) keeps a bot's chats, webhook and message
 * counters across a restart: a reply to a customer who has not written since reaches them, and
 * the chat's ids go on from the last one. An id is never given twice, even when the process dies
 * before its last write; a state's new chats count from the countFrom it began with.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const BOT: SimAccount = { platform: 'telegram', accountId: '7123456789', accessToken: TOKEN };

let receiver: Receiver;
let dir: string;
const running: SimulatorWithOAuth[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const stateFile = (): string => path.join((dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snorq-sim-state-'))), 'simulator-state.json');

async function start(file: string | undefined, options: Partial<SimulatorOptions> = {}): Promise<SimulatorWithOAuth> {
  const sim = await startSimulator({ port: 0, webhookBaseUrl: receiver.url, accounts: [BOT], secrets: {}, stateFile: file, ...options });
  running.push(sim);
  return sim;
}

async function stop(sim: SimulatorWithOAuth): Promise<void> {
  running.splice(running.indexOf(sim), 1);
  await sim.close();
}

const botSend = (sim: SimulatorWithOAuth, chatId: number) => call(`${sim.url}/telegram/bot${TOKEN}/sendMessage`, json({ chat_id: chatId, text: 'hello again' }));
const customerWrites = (sim: SimulatorWithOAuth, id: string, text: string) => sim.customers.send('telegram', { accountId: BOT.accountId, customer: { id, name: 'Ingrid' }, text });

describe('telegram simulator on a state file', () => {
  it('keeps the chat, its message ids, the webhook and its secret across a restart (a simulator without one forgets)', async () => {
    const file = stateFile();
    const first = await start(file);
    await call(`${first.url}/telegram/bot${TOKEN}/setWebhook`, json({ url: `${receiver.url}/api/v1/webhooks/telegram`, secret_token: 'kept-secret' }));
    expect((await customerWrites(first, '5087312264', '/start')).externalId).toBe('5087312264:1');
    expect(((await botSend(first, 5087312264)).body as Json).result.message_id).toBe(2);
    await stop(first);

    const second = await start(file);
    expect(second.stateLoad).toEqual({ outcome: 'restored' });
    // The customer has not written since: the bot still reaches them, and the ids follow the last one.
    expect(((await botSend(second, 5087312264)).body as Json).result).toMatchObject({ message_id: 3, chat: { id: 5087312264 } });
    expect(second.message('5087312264:2')).toMatchObject({ direction: 'outbound', text: 'hello again' });
    const wrote = await customerWrites(second, '5087312264', 'thanks');
    expect(wrote.externalId).toBe('5087312264:4');
    // Posted to the webhook snorq set before the restart, with its secret.
    expect(wrote.status).toBe(200);
    expect(receiver.requests.at(-1)?.headers['x-telegram-bot-api-secret-token']).toBe('kept-secret');
    expect((await call(`${second.url}/telegram/bot${TOKEN}/getWebhookInfo`)).body).toMatchObject({ result: { url: `${receiver.url}/api/v1/webhooks/telegram` } });

    const forgetful = await start(undefined);
    expect(((await botSend(forgetful, 5087312264)).body as Json).description).toBe('Bad Request: chat not found');
  });

  it('never gives a message id twice, even when the process dies before its last write', async () => {
    const file = stateFile();
    const first = await start(file);
    for (const text of ['one', 'two', 'three']) await customerWrites(first, '23', text);
    // The file as it is on disk while the simulator runs: what a crash right now would leave.
    const crashed = path.join(path.dirname(file), 'crashed.json');
    fs.copyFileSync(file, crashed);
    const after = await start(crashed);
    const next = await customerWrites(after, '23', 'four');
    expect(Number(next.externalId!.split(':')[1])).toBeGreaterThan(3);
  });

  it('counts a state’s new chats from the countFrom it began with, at every start', async () => {
    const file = stateFile();
    await stop(await start(file, { countFrom: 5_000 }));
    // A later start's countFrom (the sandbox's 1 for a new sandbox) does not apply to the state the file holds.
    const second = await start(file, { countFrom: 1 });
    expect((await customerWrites(second, '42', 'hi')).externalId).toBe('42:5000');
  });
});
