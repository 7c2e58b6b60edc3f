import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS, loadConfig } from '../../src/config/config.ts';
import { CHANNELS } from '../../src/channels/registry.ts';
import { createMediaServices } from '../../src/core/media/media-services.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { startSnorq, type RunningSnorq } from '../../src/start-snorq.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { freePort } from '../../src/db/free-port.ts';

/**
 * Everything a whole snorq logs, at trace level, through a full day's work: sign-in (right and
 * wrong), the Meta handshake, a customer's signed webhook, a reply sent with the channel's token,
 * a send refused for an expired token, a channel connected with tokens through the API, an API
 * token created and used, a socket, a signed media link, an error. None of the secrets involved
 * may appear in any log line.
 */
const S = {
  adminPassword: `admin-pw-${randomBytes(6).toString('hex')}`,
  secretKey: randomBytes(32).toString('base64'),
  waToken: `EAAwatoken${randomBytes(12).toString('hex')}`,
  waSecret: `wa-app-secret-${randomBytes(8).toString('hex')}`,
  verifyToken: `verify-${randomBytes(8).toString('hex')}`,
  ttSecret: `tt-client-secret-${randomBytes(8).toString('hex')}`,
  apiTiktokToken: `act.api${randomBytes(12).toString('hex')}`,
  apiTwilioToken: randomBytes(16).toString('hex'),
  apiTwilioSid: `AC${randomBytes(16).toString('hex')}`,
};
const PHONE_ID = '106540352242923';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: Simulator;
let snorq: RunningSnorq;
const lines: string[] = [];
const dataDir = path.resolve('.test-data', `logs-${randomBytes(4).toString('hex')}`);

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  sim = await startSimulator({
    webhookBaseUrl: `http://127.0.0.1:${port}`,
    secrets: { messenger: 'm', instagram: 'i', whatsapp: S.waSecret, tiktok: S.ttSecret },
    accounts: [
      { platform: 'whatsapp', accountId: PHONE_ID, accessToken: S.waToken, wabaId: '109876543210988' },
      // Connected through the API below: snorq checks their credentials with the platform first.
      { platform: 'tiktok', accountId: 'biz-logs-1', accessToken: S.apiTiktokToken },
      { platform: 'twilio', accountId: S.apiTwilioSid, accessToken: S.apiTwilioToken, sender: 'whatsapp:+14155550199' },
    ],
  });
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    SNORQ_SECRET_KEY: S.secretKey,
    ADMIN_EMAIL: 'boss@logs.test',
    ADMIN_PASSWORD: S.adminPassword,
    SIMULATOR: 'off',
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'trace',
    WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_ACCESS_TOKEN: S.waToken,
    WHATSAPP_APP_SECRET: S.waSecret,
    WHATSAPP_VERIFY_TOKEN: S.verifyToken,
    TIKTOK_CLIENT_SECRET: S.ttSecret,
    META_GRAPH_URL: sim.baseUrls.metaGraph,
    TWILIO_API_URL: sim.baseUrls.twilio,
    TIKTOK_API_URL: sim.baseUrls.tiktok,
  });
  // The logger src/main.ts makes, writing into memory.
  const log = pino({ level: 'trace', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, { write: (line: string) => void lines.push(line) });
  snorq = await startSnorq(config, log);
});
afterAll(async () => {
  await snorq?.stop();
  await sim?.close();
  await db?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('logs', () => {
  it('never contain a password, token, secret or signed link, at any level', async () => {
    const base = snorq.url;
    const json = (body: unknown, token?: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });

    expect((await fetch(`${base}/api/v1/auth/login`, json({ email: 'boss@logs.test', password: `${S.adminPassword}-wrong` }))).status).toBe(401);
    const login = await fetch(`${base}/api/v1/auth/login`, json({ email: 'boss@logs.test', password: S.adminPassword }));
    expect(login.status).toBe(200);
    const session = ((await login.json()) as { token: string }).token;

    // Meta's handshake carries the verify token in the query string.
    const hub = await fetch(`${base}/api/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${S.verifyToken}&hub.challenge=42`);
    expect(await hub.text()).toBe('42');

    // A customer writes (a webhook signed with the app secret), over snorq's real port.
    {
      const sent = await sim.customers.send('whatsapp', { accountId: PHONE_ID, customer: { id: '4915550004444', name: 'Log Customer' }, text: 'hello logs' });
      expect(sent.status).toBe(200);
      const conversation = await db.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();

      // A reply goes out with the channel's token.
      const reply = await fetch(`${base}/api/messages`, json({ conversationId: conversation.conversation_id, content: 'a reply' }, session));
      expect(reply.status).toBe(201);
      const replyId = ((await reply.json()) as { message: { id: number } }).message.id;
      const settled = async (id: number) => (await db.db.selectFrom('messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status !== 'pending';
      await eventually(() => settled(replyId), 'the reply to be sent');

      // A send the platform refuses for an expired token.
      sim.faults.set({ platform: 'whatsapp', kind: 'token_expired', times: 1 });
      const refused = await fetch(`${base}/api/messages`, json({ conversationId: conversation.conversation_id, content: 'refused' }, session));
      const refusedId = ((await refused.json()) as { message: { id: number } }).message.id;
      await eventually(() => settled(refusedId), 'the refused reply to fail');

      // Channels connected with tokens through the API (no OAuth).
      const tiktok = await fetch(
        `${base}/api/v1/channels`,
        json({ platform: 'tiktok', externalAccountId: 'biz-logs-1', displayName: 'TT', credentials: { accessToken: S.apiTiktokToken, refreshToken: `${S.apiTiktokToken}-refresh` } }, session),
      );
      expect(tiktok.status).toBe(201);
      const twilio = await fetch(
        `${base}/api/v1/channels`,
        json({ platform: 'twilio', externalAccountId: '+14155550199', displayName: 'TW', credentials: { accountSid: S.apiTwilioSid, authToken: S.apiTwilioToken } }, session),
      );
      expect(twilio.status).toBe(201);
      const bad = await fetch(
        `${base}/api/v1/channels`,
        json({ platform: 'twilio', externalAccountId: 'nope', displayName: 'TW', credentials: { accountSid: 'bad', authToken: S.apiTwilioToken } }, session),
      );
      expect(bad.status).toBe(400);

      // An API token, created and used; a socket opened with the session.
      const created = await fetch(`${base}/api/v1/tokens`, json({ name: 'ci' }, session));
      const apiToken = ((await created.json()) as { token: string }).token;
      expect((await fetch(`${base}/api/v1/conversations`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(200);
      const socket = connectSocket(base, { path: '/socket.io', auth: { token: session }, transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve, reject) => (socket.on('hello', () => resolve()), socket.on('connect_error', reject)));
      socket.close();
      const wrongSocket = connectSocket(base, { path: '/socket.io', auth: { token: `${session}x` }, transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve) => wrongSocket.on('connect_error', () => resolve()));
      wrongSocket.close();

      // A signed media link, fetched (its signature is a capability).
      const { store, signer } = await createMediaServices(snorq.ctx.config);
      const put = await store.put(Buffer.from('%PDF-1.4 x'), { mimeType: 'application/pdf' });
      const local = new URL(signer.sign(put.storageKey));
      expect((await fetch(`${base}${local.pathname}${local.search}`)).status).toBe(200);

      // Credentials where they do not belong, and a bad signature.
      expect((await fetch(`${base}/api/v1/users?access_token=${S.waToken}`, { headers: { authorization: `Bearer ${session}` } })).status).toBe(200);
      const forged = await fetch(`${base}/api/v1/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
        body: '{}',
      });
      expect(forged.status).toBe(401);
      expect((await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: `snorq_session=${session}`, origin: base } })).status).toBe(200);

      const output = lines.join('');
      expect(output.length).toBeGreaterThan(1000);
      const secrets: Record<string, string> = {
        ...S,
        session,
        apiToken,
        databasePassword: decodeURIComponent(new URL(db.url).password),
        mediaSignature: local.searchParams.get('sig')!,
        secretKeyHex: Buffer.from(S.secretKey, 'base64').toString('hex'),
      };
      const leaks = Object.entries(secrets).filter(([, value]) => value && output.includes(value));
      const where = leaks.map(
        ([name, value]) =>
          `${name}: ${output
            .split('\n')
            .find((l) => l.includes(value))
            ?.slice(0, 300)}`,
      );
      expect(where, 'secrets found in the logs').toEqual([]);
      const kinds = [...new Set(lines.map((l) => (JSON.parse(l) as { msg?: string }).msg))];
      console.log(`log secrets: ${lines.length} log lines at trace level (${kinds.join(' | ')}) searched for ${Object.keys(secrets).length} secrets`);
    }
  });
});

describe('log redaction', () => {
  it("redacts every platform's signature header, read off the registry (a shared secret on some platforms)", () => {
    const lines: string[] = [];
    const log = pino({ level: 'info', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, { write: (line: string) => void lines.push(line) });
    for (const c of CHANNELS) log.info({ req: { headers: { [c.webhook.signatureHeader.toLowerCase()]: `secret-of-${c.id}` } } }, 'webhook');
    expect(lines).toHaveLength(CHANNELS.length);
    for (const line of lines) expect(line).not.toMatch(/secret-of-/);
  });
});
