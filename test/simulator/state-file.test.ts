import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorOptions, type SimulatorWithOAuth } from '../../src/simulator/index.ts';
import { ACCOUNTS, call, json, SECRETS, startReceiver, type Receiver } from './helpers.ts';

/**
 * A simulator given a `stateFile` (npm start's sandbox) remembers across a restart what a real
 * platform remembers: conversations and their reply windows (counted from the customer's real
 * last message, never refreshed) and media ids. A file it cannot read is moved aside with a
 * warning, and the simulator starts fresh. (A bot's chats and counters have their test beside the bot's.)
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const HOUR = 3_600_000;
const page = ACCOUNTS.messenger;
const wa = ACCOUNTS.whatsapp;
const tt = ACCOUNTS.tiktok;

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

const newDir = (): string => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snorq-sim-state-')));

async function start(stateFile: string | undefined, options: Partial<SimulatorOptions> = {}): Promise<SimulatorWithOAuth> {
  const sim = await startSimulator({ port: 0, webhookBaseUrl: receiver.url, accounts: Object.values(ACCOUNTS), secrets: SECRETS, stateFile, ...options });
  running.push(sim);
  return sim;
}

async function stop(sim: SimulatorWithOAuth): Promise<void> {
  running.splice(running.indexOf(sim), 1);
  await sim.close();
}

const messengerSend = (sim: SimulatorWithOAuth, psid: string, extra: Json = {}) =>
  call(
    `${sim.baseUrls.metaGraph}/v25.0/${page.accountId}/messages?access_token=${page.accessToken}`,
    json({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'hello again' }, ...extra }),
  );
const tiktokSend = (sim: SimulatorWithOAuth, conversation: string) =>
  call(
    `${sim.baseUrls.tiktok}/open_api/v1.3/business/message/send/`,
    json({ business_id: tt.accountId, recipient_type: 'CONVERSATION', recipient: conversation, message_type: 'TEXT', text: { body: 'hi' } }, { 'access-token': tt.accessToken }),
  );

describe('the simulator on a state file', () => {
  it('remembers conversations, windows and media across a restart (a simulator without one forgets)', async () => {
    const file = path.join(newDir(), 'simulator-state.json');
    const first = await start(file);
    expect(first.stateLoad).toEqual({ outcome: 'none' });
    await first.customers.send('messenger', { accountId: page.accountId, customer: { id: '7100000000000001', name: 'Maya' }, text: 'open on Sunday?', timestamp: Date.now() - HOUR });
    await first.customers.send('messenger', { accountId: page.accountId, customer: { id: '7100000000000009', name: 'Old' }, text: 'thanks', timestamp: Date.now() - 50 * HOUR });
    const image = await first.customers.send('whatsapp', { accountId: wa.accountId, customer: { id: '4915112345678', name: 'Grete' }, kind: 'image', media: { type: 'image' } });
    const mediaId = (image.payload as Json).entry[0].changes[0].value.messages[0].image.id as string;
    const tiktok = await first.customers.send('tiktok', { accountId: tt.accountId, customer: { id: 'tt-user-0001', name: 'Kai' }, text: 'where is the shop?', timestamp: Date.now() - 5 * HOUR });
    const conversation = JSON.parse((tiktok.payload as Json).content).conversation_id as string;
    // Outside Messenger's 24 hours before the restart: refused, HUMAN_AGENT let through.
    expect(((await messengerSend(first, '7100000000000009')).body as Json).error).toMatchObject({ code: 10, error_subcode: 2018278 });
    await stop(first);

    // The file: 0600, and nothing but itself in the folder (no temporary file left behind).
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['simulator-state.json']);

    const second = await start(file);
    expect(second.stateLoad).toEqual({ outcome: 'restored' });
    const reply = await messengerSend(second, '7100000000000001');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ recipient_id: '7100000000000001', message_id: expect.stringMatching(/^m_/) });
    // The window still counts from 50 hours ago: refused the same way, HUMAN_AGENT still let through.
    expect(((await messengerSend(second, '7100000000000009')).body as Json).error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect((await messengerSend(second, '7100000000000009', { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).status).toBe(200);
    expect((await tiktokSend(second, conversation)).body).toMatchObject({ code: 0 });
    const media = await call(`${second.baseUrls.metaGraph}/v25.0/${mediaId}`, { headers: { authorization: `Bearer ${wa.accessToken}` } });
    expect(media.status).toBe(200);
    expect(media.body).toMatchObject({ id: mediaId, mime_type: 'image/png' });

    // Without a state file nothing outlives a run, as before.
    const forgetful = await start(undefined);
    expect(forgetful.stateLoad).toEqual({ outcome: 'none' });
    expect(((await messengerSend(forgetful, '7100000000000001')).body as Json).error).toMatchObject({ code: 100, error_subcode: 2018001 });
  });

  it('moves a file it cannot read aside with a warning that says where, and starts fresh', async () => {
    const folder = newDir();
    const file = path.join(folder, 'simulator-state.json');
    const cases: [string, RegExp][] = [
      ['{"version":1,"sections":{"conver', /not JSON/],
      [JSON.stringify({ version: 99, sections: {} }), /version 99, this simulator reads version 1/],
      [JSON.stringify({ version: 1, sections: { conversations: [{ id: 7 }] } }), /its conversations/],
      // Not even a file: what cannot be read at all is set aside the same way.
      ['<a folder>', /cannot be read: EISDIR/],
    ];
    for (const [text, reason] of cases) {
      fs.rmSync(file, { force: true });
      if (text === '<a folder>') fs.mkdirSync(file);
      else fs.writeFileSync(file, text, { mode: 0o600 });
      const warnings: string[] = [];
      const sim = await start(file, { warn: (msg) => warnings.push(msg) });
      expect(sim.stateLoad).toMatchObject({ outcome: 'unreadable', reason: expect.stringMatching(reason) });
      const { movedTo } = sim.stateLoad as { movedTo: string };
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(file);
      expect(warnings[0]).toContain(`moved to ${movedTo}`);
      expect(warnings[0]).toMatch(/fresh state/);
      if (text !== '<a folder>') expect(fs.readFileSync(movedTo, 'utf8')).toBe(text);
      // Fresh: the customer is unknown; a new state file is written at once.
      expect(((await messengerSend(sim, '7100000000000001')).body as Json).error).toMatchObject({ code: 100, error_subcode: 2018001 });
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
      await stop(sim);
      fs.rmSync(movedTo, { recursive: true });
    }
  });
});
