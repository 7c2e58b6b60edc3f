import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { freePort } from '../../../src/db/free-port.ts';
import { SANDBOX_FILE_OF_FIVE } from '../../helpers/sandbox-file-of-five.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';

/**
 * `npm start`'s sandbox on a DATA_DIR written before Telegram joined it (five accounts): the start
 * adds the sandbox bot beside the five channels it already had, snorq points the bot's webhook
 * at itself with setWebhook as for a real bot, the demo's Telegram customers reach the inbox
 * through the simulated Bot API over HTTP with the bot's secret token (another token is
 * refused), an agent's reply reaches the customer, and a restart keeps the same bot.
 */

const ADMIN = { email: 'admin@sandbox.test', password: 'telegram sandbox 1' };

/** sandbox.json as a start before Telegram joined wrote it. */
const FIVE = SANDBOX_FILE_OF_FIVE;

interface StoredBot {
  platform: string;
  accountId: string;
  accessToken: string;
  webhookSecret: string;
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let snorq: RunningSnorq;
let sim: Simulator;
let base: string;
let env: Record<string, string>;
const dataDir = path.resolve('.test-data', `telegram-sandbox-${randomBytes(4).toString('hex')}`);

const db = () => database.db;
const stored = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'sandbox.json'), 'utf8')) as { secrets: typeof FIVE.secrets; verifyToken: string; accounts: StoredBot[] };
const bot = () => stored().accounts.find((a) => a.platform === 'telegram')!;
const telegramChannel = () => db().selectFrom('channels').selectAll().where('platform', '=', 'telegram').executeTakeFirstOrThrow();

async function start(): Promise<void> {
  snorq = await startTestSnorq(database.url, env);
  sim = snorq.mode.running!.simulator;
}

async function signIn(): Promise<(p: string, init?: RequestInit & { json?: unknown }) => Promise<Response>> {
  const login = await fetch(`${snorq.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return (p, init = {}) =>
    fetch(`${snorq.url}${p}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined && { 'content-type': 'application/json' }), ...init.headers },
      ...(init.json !== undefined && { body: JSON.stringify(init.json), method: 'POST' }),
    });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'sandbox.json'), JSON.stringify(FIVE, null, 2), { mode: 0o600 });
  // A fresh machine's start: nothing but where to listen (the sandbox is `auto`'s choice).
  env = { SIMULATOR: 'auto', SIMULATOR_PORT: '0', PORT: String(port), PUBLIC_URL: base, DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  await start();
}, 120_000);

afterAll(async () => {
  await snorq?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Telegram in the sandbox of npm start', () => {
  it('a DATA_DIR of five sandbox accounts gains the bot: six sandbox channels, the five as they were', async () => {
    expect(snorq.mode).toMatchObject({ sandbox: true, channels: true, seeded: true });
    expect(snorq.mode.running!.platformNames).toHaveLength(6);
    expect(snorq.mode.running!.platformNames).toContain('Telegram');
    const channels = await db().selectFrom('channels').select(['platform', 'external_account_id', 'source']).orderBy('id').execute();
    expect(channels.map((c) => [c.platform, c.source])).toEqual([...FIVE.accounts.map((a) => [a.platform, 'simulator']), ['telegram', 'simulator']]);
    expect(channels.slice(0, 2).map((c) => c.external_account_id)).toEqual([FIVE.accounts[0]!.accountId, FIVE.accounts[1]!.accountId]);
    expect(channels[3]!.external_account_id).toBe(`${FIVE.accounts[3]!.accountId}:whatsapp:+14155238886`);

    // The file: the five accounts and secrets as written, the bot after them, still 0600.
    const file = stored();
    expect(file.secrets).toEqual(FIVE.secrets);
    expect(file.accounts.slice(0, 5)).toEqual(FIVE.accounts);
    expect(file.accounts).toHaveLength(6);
    expect(fs.statSync(path.join(dataDir, 'sandbox.json')).mode & 0o077).toBe(0);
    // A token as @BotFather hands them out, and a secret Telegram's setWebhook accepts.
    expect(bot().accessToken).toMatch(new RegExp(`^${bot().accountId}:AA[A-Za-z0-9_-]{33}$`));
    expect(bot().webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await telegramChannel()).toMatchObject({ external_account_id: bot().accountId, display_name: '@snorq_coffee_bot', connection_state: 'connected' });
  });

  it("snorq set the bot's webhook as for a real bot: its URL, the channel's secret token, the updates it reads", async () => {
    const set = sim.recorded.list({ platform: 'telegram', path: /setWebhook$/ });
    expect(set).toHaveLength(1);
    expect(set[0]!.path).toBe(`/telegram/bot${bot().accessToken}/setWebhook`);
    expect(set[0]!.body).toMatchObject({
      url: `${base}/api/v1/webhooks/telegram?bot=${bot().accountId}`,
      secret_token: bot().webhookSecret,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });
    expect(set[0]!.status).toBe(200);
    expect(await telegramChannel()).toMatchObject({ subscription_state: 'subscribed' });
  });

  it("the demo's Telegram customers wrote in over HTTP with the bot's secret token, and snorq stored their messages", async () => {
    const deliveries = sim.recorded.webhooks({ platform: 'telegram' });
    expect(deliveries).toHaveLength(4);
    for (const d of deliveries) {
      expect(d.url).toBe(`${base}/api/v1/webhooks/telegram?bot=${bot().accountId}`);
      expect(d.headers['x-telegram-bot-api-secret-token']).toBe(bot().webhookSecret);
      expect(d.status).toBe(200);
    }
    const channel = await telegramChannel();
    const messages = await db()
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.content', 'messages.content_type', 'messages.direction'])
      .where('conversations.channel_id', '=', channel.id)
      .orderBy('messages.id')
      .execute();
    expect(messages.map((m) => [m.direction, m.content_type])).toEqual([
      ['inbound', 'text'],
      ['inbound', 'text'],
      ['inbound', 'audio'],
      ['inbound', 'text'],
    ]);
    expect(messages[1]!.content).toBe('Hi! Do you ship the house blend to Oslo?');
    const conversations = await db().selectFrom('conversations').select('id').where('channel_id', '=', channel.id).execute();
    expect(conversations).toHaveLength(2);
  });

  it('an update carrying another secret token is refused and stores nothing', async () => {
    const before = (await db().selectFrom('messages').select('id').execute()).length;
    const forged = {
      update_id: 1,
      message: { message_id: 99, date: Math.floor(Date.now() / 1000), chat: { id: 42, type: 'private' }, from: { id: 42, is_bot: false, first_name: 'Mallory' }, text: 'forged' },
    };
    const res = await sim.customers.sendRaw('telegram', forged, { headers: { 'x-telegram-bot-api-secret-token': 'not-the-bots-secret' } });
    expect(res.status).toBe(401);
    expect((await db().selectFrom('messages').select('id').execute()).length).toBe(before);
  });

  it("an agent's reply in the demo reaches the Telegram customer through sendMessage", async () => {
    const api = await signIn();
    const channel = await telegramChannel();
    const asked = await db()
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.conversation_id'])
      .where('conversations.channel_id', '=', channel.id)
      .where('messages.content', '=', 'Hi! Do you ship the house blend to Oslo?')
      .executeTakeFirstOrThrow();
    const res = await api('/api/messages', { json: { conversationId: asked.conversation_id, content: 'We do: three days to Oslo.' } });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { message: { id: number } }).message.id;
    const sent = await eventually(async () => {
      const m = await db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return m?.status === 'sent' ? m : undefined;
    });
    const call = sim.recorded.last({ platform: 'telegram', path: /sendMessage$/ });
    expect(call?.path).toBe(`/telegram/bot${bot().accessToken}/sendMessage`);
    expect(call?.body).toMatchObject({ chat_id: '5087312264', text: 'We do: three days to Oslo.' });
    expect(sim.message(sent.external_id!)).toMatchObject({ text: 'We do: three days to Oslo.', direction: 'outbound' });
  });

  it('a restart keeps the same bot, channel and chats, sets its webhook again on the new simulator, and adds no second demo', async () => {
    const before = { bot: bot(), channels: await db().selectFrom('channels').select(['id', 'external_account_id']).orderBy('id').execute() };
    const messages = (await db().selectFrom('messages').select('id').execute()).length;
    await snorq.stop();
    await start();
    expect(snorq.mode).toMatchObject({ sandbox: true, channels: true, seeded: false });
    expect(bot()).toEqual(before.bot);
    expect(await db().selectFrom('channels').select(['id', 'external_account_id']).orderBy('id').execute()).toEqual(before.channels);
    expect(sim.recorded.list({ platform: 'telegram', path: /setWebhook$/ })).toHaveLength(1);
    expect((await db().selectFrom('messages').select('id').execute()).length).toBe(messages);

    // The customer who wrote two days ago and not since is still the bot's chat: the reply is sent, not "chat not found".
    const api = await signIn();
    const older = await db().selectFrom('messages').select(['conversation_id', 'external_id']).where('content', '=', 'The grinder arrived today, thank you!').executeTakeFirstOrThrow();
    const res = await api('/api/messages', { json: { conversationId: older.conversation_id, content: 'Glad it arrived!' } });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { message: { id: number } }).message.id;
    const ended = await eventually(async () => {
      const m = await db().selectFrom('messages').select(['status', 'error_detail', 'external_id']).where('id', '=', id).executeTakeFirst();
      return m && m.status !== 'pending' ? m : undefined;
    });
    expect(ended).toMatchObject({ status: 'sent', error_detail: null });
    expect(sim.recorded.last({ platform: 'telegram', path: /sendMessage$/ })?.body).toMatchObject({ chat_id: '6290114873', text: 'Glad it arrived!' });
    // The chat's ids go on from the last one of the run before (this DATA_DIR's sandbox.json predates the
    // state file, so its chats count from where the time-based start put them, and go on from there).
    const [chat, last] = older.external_id!.split(':');
    expect(ended.external_id).toBe(`${chat}:${Number(last) + 1}`);

    // A customer who writes now reaches snorq: the webhook is set on this simulator too.
    const wrote = await sim.customers.send('telegram', { accountId: bot().accountId, customer: { id: '5087312264', name: 'Ingrid Berg' }, text: 'Great, ordering now.' });
    expect(wrote.status).toBe(200);
    await eventually(() => db().selectFrom('messages').select('id').where('content', '=', 'Great, ordering now.').executeTakeFirst());
  });
});
