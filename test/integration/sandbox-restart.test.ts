import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { channelOf } from '../../src/channels/registry.ts';
import { loadConfig } from '../../src/config/config.ts';
import { defaultOrganizationId } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { SANDBOX_PLATFORMS } from '../../src/sandbox/sandbox-accounts.ts';
import { addSandboxChannels } from '../../src/sandbox/start-sandbox.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { startSnorq, type RunningSnorq } from '../../src/start-snorq.ts';
import { freePort } from '../../src/db/free-port.ts';
import { eventually } from '../helpers/sandboxed-snorq.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

/**
 * `npm start`'s sandbox, stopped and started again on the same DATA_DIR: snorq still shows the
 * demo conversations (its database), and the simulated platforms still know them too
 * (DATA_DIR/simulator-state.json). A reply to each demo customer whose window is open reaches
 * the simulator's send API and ends delivered (or sent, where the platform reports nothing
 * more), never failed. A window that was closed is closed after the restart too, on both sides:
 * the windows count from the customers' real last messages, not from the restart. snorq refuses
 * a free reply there as before (422), the simulated platform refuses one sent straight to it as
 * before, and what snorq offers instead (the HUMAN_AGENT tag) reaches the customer. A state file
 * that cannot be read never stops a start: snorq's log says what happened, the platforms start
 * fresh. The log names a sandbox channel's failed subscription as the sandbox's.
 */

const ADMIN = { email: 'admin@restart.test', password: 'sandbox restart 1' };

interface Outcome {
  status: string;
  error_code: string | null;
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let snorq: RunningSnorq;
let sim: Simulator;
let env: Record<string, string>;
const dataDir = path.resolve('.test-data', `sandbox-restart-${randomBytes(4).toString('hex')}`);
const db = () => database.db;
/** Refusals in closed windows before the restart (snorq's, and the platform's where probed), by conversation id. */
const before = new Map<number, unknown>();

/** snorq's log lines at warn and above, as pino writes them. */
const logged: { msg: string; level: number }[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logged.push(JSON.parse(line) as { msg: string; level: number });
    done();
  },
});
const logger = pino({ level: 'warn' }, logStream);

/** As test/helpers/test-snorq.ts starts snorq, with a log this test reads. */
async function start(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    SNORQ_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  snorq = await startSnorq(config, logger);
  sim = snorq.mode.running!.simulator;
}

async function api(p: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const login = await fetch(`${snorq.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const { token } = (await login.json()) as { token: string };
  return fetch(`${snorq.url}${p}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined && { 'content-type': 'application/json' }) },
    ...(init.json !== undefined && { body: JSON.stringify(init.json), method: 'POST' }),
  });
}

/** The demo's conversations, each with its platform and whether snorq says its window is open now. */
async function demoConversations(): Promise<Demo[]> {
  const rows = await db()
    .selectFrom('conversations')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .innerJoin('contact_identities', 'contact_identities.id', 'conversations.contact_identity_id')
    .select(['conversations.id', 'channels.platform', 'contact_identities.platform_user_id as customerId'])
    .orderBy('conversations.id')
    .execute();
  return Promise.all(
    rows.map(async (row) => {
      const { conversation } = (await (await api(`/api/v1/conversations/${row.id}`)).json()) as { conversation: { replyWindow: { open: boolean; allowed: string[] } } };
      return { ...row, open: conversation.replyWindow.open, allowed: conversation.replyWindow.allowed };
    }),
  );
}

interface Demo {
  id: number;
  platform: string;
  customerId: string;
  open: boolean;
  allowed: string[];
}

/**
 * How a closed window refuses a free reply: snorq's answer (it knows the window from its
 * database) and, on Instagram, the simulated platform's answer to the same text sent straight to
 * its Send API with the sandbox account's token, as snorq would send it without its own check.
 */
async function refusals(c: Demo): Promise<unknown> {
  const res = await api('/api/messages', { json: { conversationId: c.id, content: 'Sorry for the late answer!' } });
  const snorqSays = { status: res.status, code: ((await res.json()) as { error?: { code?: string } }).error?.code };
  if (c.platform !== 'instagram') return { snorqSays };
  const account = snorq.mode.running!.sandbox.accounts.find((a) => a.platform === 'instagram')!;
  const direct = await fetch(`${sim.baseUrls.instagramGraph}/v25.0/me/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: { id: c.customerId }, message: { text: 'Sorry for the late answer!' } }),
  });
  const { error } = (await direct.json()) as { error?: { code: number; error_subcode: number } };
  return { snorqSays, platformSays: { status: direct.status, code: error?.code, subcode: error?.error_subcode } };
}

/**
 * Reply, and wait for where the reply ends: failed, or as far as the platform takes it in the
 * sandbox — delivered or read on the platforms with a reply window (the simulator sends their
 * receipts, and a closed window's failure arrives instead of them), sent on a platform without
 * one (no receipts; its refusals are immediate).
 */
async function reply(conversationId: number, platform: string, content: string, tag?: 'HUMAN_AGENT'): Promise<Outcome & { external_id: string | null }> {
  const res = await api('/api/messages', { json: { conversationId, content, ...(tag && { tag }) } });
  expect(res.status).toBe(201);
  const { message } = (await res.json()) as { message: { id: number } };
  const ends = channelOf(platform as Parameters<typeof channelOf>[0]).policy.replyWindow ? ['delivered', 'read', 'failed'] : ['sent', 'failed'];
  return eventually(
    async () => {
      const row = await db().selectFrom('messages').select(['status', 'error_code', 'external_id']).where('id', '=', message.id).executeTakeFirstOrThrow();
      return ends.includes(row.status) ? row : undefined;
    },
    `the ${platform} reply to end ${ends.join(' or ')}`,
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  fs.mkdirSync(dataDir, { recursive: true });
  env = { SIMULATOR: 'auto', SIMULATOR_PORT: '0', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  await start();
}, 120_000);

afterAll(async () => {
  await snorq?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the sandbox after a restart', () => {
  it('first start: the demo is seeded; its closed windows refuse a free reply', async () => {
    expect(snorq.mode).toMatchObject({ sandbox: true, seeded: true });
    expect(sim.stateLoad).toEqual({ outcome: 'none' });
    const closed = (await demoConversations()).filter((c) => !c.open);
    expect(closed.map((c) => c.platform).sort()).toEqual(['instagram', 'whatsapp']);
    for (const c of closed) before.set(c.id, await refusals(c));
    expect([...before.values()]).toContainEqual({ snorqSays: { status: 422, code: expect.any(String) }, platformSays: { status: 400, code: 10, subcode: 2534022 } });
  });

  it('after a restart on the same DATA_DIR, a reply to every demo customer whose window is open reaches them', async () => {
    await snorq.stop();
    await start();
    expect(snorq.mode).toMatchObject({ sandbox: true, seeded: false });
    expect(sim.stateLoad).toEqual({ outcome: 'restored' });
    expect(fs.statSync(path.join(dataDir, 'simulator-state.json')).mode & 0o077).toBe(0);

    const open = (await demoConversations()).filter((c) => c.open);
    // Every sandbox platform has a demo customer to answer.
    expect(new Set(open.map((c) => c.platform))).toEqual(new Set(snorq.mode.running!.sandbox.accounts.map((a) => a.platform)));
    for (const c of open) {
      const sent = await reply(c.id, c.platform, `Answered after the restart (${c.id})`);
      expect({ platform: c.platform, status: sent.status, error: sent.error_code }).toEqual({ platform: c.platform, status: expect.stringMatching(/^(sent|delivered|read)$/), error: null });
      // It went through the platform's send API: the simulated platform holds it as the business's message.
      expect(sim.message(sent.external_id!)).toMatchObject({ direction: 'outbound' });
    }
  });

  it('a window closed before the restart is closed after it, on both sides, and the HUMAN_AGENT tag still reaches the customer', async () => {
    const closed = (await demoConversations()).filter((c) => !c.open);
    expect(closed.map((c) => c.id)).toEqual([...before.keys()]);
    for (const c of closed) expect(await refusals(c)).toEqual(before.get(c.id));
    const tagged = closed.filter((c) => c.allowed.includes('human_agent_tag'));
    expect(tagged.length).toBeGreaterThan(0);
    for (const c of tagged) {
      const sent = await reply(c.id, c.platform, 'A human answer, a day late.', 'HUMAN_AGENT');
      expect({ platform: c.platform, status: sent.status, error: sent.error_code }).toEqual({ platform: c.platform, status: expect.stringMatching(/^(sent|delivered|read)$/), error: null });
    }
  });
});

describe('the sandbox’s simulator state and log', () => {
  it('a state file that cannot be read: snorq starts all the same, says so in its log, and the platforms start fresh', async () => {
    await snorq.stop();
    const file = path.join(dataDir, 'simulator-state.json');
    fs.writeFileSync(file, '{"version":1,"sections":{"conversa', { mode: 0o600 });
    logged.length = 0;
    await start();
    expect(snorq.mode).toMatchObject({ sandbox: true, seeded: false });
    expect(sim.stateLoad).toMatchObject({ outcome: 'unreadable', reason: expect.stringMatching(/^not JSON/) });
    const { movedTo } = sim.stateLoad as { movedTo: string };
    const warning = logged.find((l) => l.msg.includes(file));
    expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining(`moved to ${movedTo}`) });
    expect(warning!.msg).toMatch(/fresh state/);
    expect(fs.readFileSync(movedTo, 'utf8')).toBe('{"version":1,"sections":{"conversa');
    // A fresh state is written at once, readable by the next start.
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('a sandbox channel whose subscription fails is logged as the sandbox’s, not as an environment channel', async () => {
    for (const platform of SANDBOX_PLATFORMS) sim.faults.set({ platform, kind: 'server_error' });
    logged.length = 0;
    await addSandboxChannels({ db: db(), secretBox: snorq.ctx.secretBox, config: snorq.ctx.config, log: logger }, await defaultOrganizationId(db()), snorq.mode.running!.sandbox);
    sim.faults.clear();
    expect(logged.map((l) => l.msg)).toContain('the simulated platform (sandbox) does not send this sandbox channel’s webhooks to snorq');
    expect(logged.filter((l) => /environment/.test(l.msg))).toEqual([]);
  });
});
