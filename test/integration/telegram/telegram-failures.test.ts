import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import { startSimulator, type Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';

/**
 * A Telegram reply refused because of the person, over real HTTP: the simulated Bot API answers
 * 403 "Forbidden: bot was blocked by the user" (or "user is deactivated"); the reply ends `failed`
 * as RECIPIENT_BLOCKED with Telegram's words as evidence and a text the agent reads in German,
 * and the channel stays connected: the bot's token is fine, nothing to reconnect.
 */
const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const BOT_ID = '7123456789';
const SECRETS = { messenger: 'm'.repeat(16), instagram: 'i'.repeat(16), whatsapp: 'w'.repeat(16), tiktok: 't'.repeat(16) };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: Simulator;
let snorq: RunningSnorq;
let token: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${snorq.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined && { 'content-type': 'application/json' }), ...init.headers },
    ...(init.json !== undefined && { body: JSON.stringify(init.json), method: init.method ?? 'POST' }),
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  sim = await startSimulator({
    port: 0,
    webhookBaseUrl: base,
    publicWebhookBaseUrl: base,
    secrets: SECRETS,
    accounts: [{ platform: 'telegram', accountId: BOT_ID, accessToken: TOKEN, displayName: 'Acme Support', username: 'acme_support_bot' }],
  });
  snorq = await startTestSnorq(database.url, { PORT: String(port), PUBLIC_URL: base, TELEGRAM_API_URL: `${sim.url}/telegram` });
  const org = await database.db.insertInto('organizations').values({ name: 'Acme' }).returning('id').executeTakeFirstOrThrow();
  await createUser(database.db, { organizationId: org.id, email: 'admin@acme.test', name: 'Admin', role: 'admin', password: 'telegram password 1' });
  const login = await fetch(`${snorq.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: 'telegram password 1' }),
  });
  token = ((await login.json()) as { token: string }).token;
  expect((await api('/api/v1/channels', { json: { platform: 'telegram', credentials: { botToken: TOKEN } } })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await snorq?.stop();
  await sim?.close();
  await database?.drop();
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
