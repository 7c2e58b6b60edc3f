import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelOf } from '../../src/channels/registry.ts';
import { decodeSecretKey } from '../../src/config/config.ts';
import { connectChannel } from '../../src/core/channel-accounts/connect-channel.ts';
import { createSecretBox } from '../../src/core/crypto/secret-box.ts';
import { decideSandbox, type SandboxFacts } from '../../src/sandbox/decide-sandbox.ts';
import { SANDBOX_PLATFORMS } from '../../src/sandbox/sandbox-accounts.ts';
import { metaSignature } from '../helpers/signing.ts';
import { serverCommand } from '../helpers/server-process.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { ACCOUNTS, call, control, startHarness, type Harness } from '../simulator/helpers.ts';
import { freePort } from '../../src/db/free-port.ts';

/**
 * The sandbox never takes over a real deployment (SIMULATOR=auto). It once started whenever no
 * complete channel was in the environment, so an operator who set FACEBOOK_APP_ID/SECRET and
 * connected channels in Settings got the simulator's secrets and URLs instead of theirs (every
 * real webhook 401, real tokens sent to the simulator, whose /_sim/calls showed them to anyone).
 * Each configuration here is started as `npm start` starts snorq: the server bundled by
 * scripts/build-server.js, on plain Node, in its own process.
 */

const facts = (over: Partial<SandboxFacts>): SandboxFacts => ({ SIMULATOR: 'auto', NODE_ENV: 'development', platformVariables: [], operatorChannels: 0, ...over });

describe('decideSandbox', () => {
  it.each<[string, Partial<SandboxFacts>, boolean, RegExp]>([
    ['nothing set, empty database (the demo)', {}, true, /no platform variable/],
    ['FACEBOOK_APP_ID and FACEBOOK_APP_SECRET only (channels come from Settings)', { platformVariables: ['FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET'] }, false, /FACEBOOK_APP_ID, FACEBOOK_APP_SECRET/],
    ['only a base URL', { platformVariables: ['META_GRAPH_URL'] }, false, /META_GRAPH_URL/],
    ['no variable, but a channel an operator connected', { operatorChannels: 2 }, false, /2 channels an operator connected/],
    ['NODE_ENV=production, nothing set', { NODE_ENV: 'production' }, false, /NODE_ENV=production/],
    ['NODE_ENV=production with SIMULATOR=on', { NODE_ENV: 'production', SIMULATOR: 'on' }, true, /SIMULATOR=on/],
    ['SIMULATOR=on beside real settings', { SIMULATOR: 'on', platformVariables: ['FACEBOOK_APP_SECRET'], operatorChannels: 1 }, true, /SIMULATOR=on/],
    ['SIMULATOR=off on an empty database', { SIMULATOR: 'off' }, false, /SIMULATOR=off/],
  ])('%s', (_name, over, sandbox, reason) => {
    const decision = decideSandbox(facts(over));
    expect(decision.sandbox).toBe(sandbox);
    expect(decision.reason).toMatch(reason);
  });
});

describe("the simulator's control API", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: 'psid-1' }, text: 'hi' });
    // snorq's side of a call: the page token travels in it, and the recorder keeps it.
    await call(`${h.sim.baseUrls.metaGraph}/v25.0/me/messages?access_token=${ACCOUNTS.messenger.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: 'psid-1' }, message: { text: 'x' } }),
    });
  });
  afterAll(() => h?.close());

  it('answers 401 to every /_sim route without the secret, however the path is spelt; the secret and consent pages pass', async () => {
    for (const [method, route] of [
      ['GET', '/_sim/calls'],
      ['GET', '/_sim/health'],
      ['GET', '/_sim/webhooks'],
      ['GET', '/_sim/faults'],
      ['POST', '/_sim/faults'],
      ['DELETE', '/_sim/calls'],
      ['POST', '/_sim/reset'],
      ['POST', '/_sim/customers/messenger/messages'],
      ['GET', '/%5Fsim/calls'],
      ['GET', '/_sim/nothing-here'],
    ] as const) {
      for (const authorization of [undefined, 'Bearer wrong-secret', `Bearer ${h.sim.controlSecret}x`, h.sim.controlSecret]) {
        const res = await call(`${h.sim.url}${route}`, { method, headers: { 'content-type': 'application/json', ...(authorization && { authorization }) }, ...(method === 'POST' && { body: '{}' }) });
        expect({ route, method, authorization, status: res.status }).toEqual({ route, method, authorization, status: 401 });
        expect(res.body).toMatchObject({ code: 'SIM_CONTROL_SECRET_REQUIRED' });
        expect(res.text).not.toContain(ACCOUNTS.messenger.accessToken);
      }
    }
    // nothing was done: the fault list is empty and the recorded calls are still there
    expect(h.sim.faults.list()).toEqual([]);
    expect(h.sim.recorded.list().length).toBeGreaterThan(0);

    // the secret opens it, and the consent pages a browser opens during OAuth need none
    const calls = await control(h.sim, '/_sim/calls');
    expect(calls.status).toBe(200);
    expect(calls.text).toContain(ACCOUNTS.messenger.accessToken);
    const consent = await call(`${h.sim.baseUrls.metaOauth}/v25.0/dialog/oauth?client_id=1517776481860111&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}&state=s&scope=pages_messaging`);
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('/allow?request=');
  });
});

// ---------------------------------------------------------------------------------------------
// Real starts: `npm start`'s bundle in its own process, on a test database.

// The run's bundle, built by the global set-up (test/helpers/server-process.ts), with start's flags.
const server = serverCommand();

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
const box = createSecretBox(decodeSecretKey(SECRET_KEY)!);
const OPERATOR = { FACEBOOK_APP_ID: '4242424242424242', FACEBOOK_APP_SECRET: 'the-operators-own-app-secret' };
const PAGE_ID = '1122334455667788';
/** The banner's list of the sandbox's platforms, as agents see them named: "A, B and C". */
const names = SANDBOX_PLATFORMS.map((p) => channelOf(p).ui.name);
const PLATFORM_LIST = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** This process's environment without anything that would choose a mode for the child. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(FACEBOOK|INSTAGRAM|WHATSAPP|TWILIO|TIKTOK|META|SIMULATOR|ADMIN)_|^(SIMULATOR|NODE_ENV|DATA_DIR|DATABASE_URL|PUBLIC_URL|PORT|SNORQ_SECRET_KEY)$/.test(key)) delete env[key];
  }
  return env;
}

interface Started {
  child: ChildProcess;
  url: string;
  dataDir: string;
  banner: string;
  stop(): Promise<void>;
}

const running = new Set<Started>();
const dataDirs: string[] = [];

async function startMain(databaseUrl: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const dataDir = path.resolve('.test-data', `takeover-${randomBytes(4).toString('hex')}`);
  dataDirs.push(dataDir);
  const child = spawn(server.command, server.args, {
    env: {
      ...cleanEnv(),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SNORQ_SECRET_KEY: SECRET_KEY,
      SIMULATOR_PORT: '0',
      SYNC_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 90 s:\n${out}`)), 90_000);
    child.stdout!.on('data', () => /sign in at .*\n/.test(out) && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${out}`))));
  });
  const started: Started = {
    child,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    banner: out,
    stop: async () => {
      running.delete(started);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGINT');
      await exited;
    },
  };
  running.add(started);
  return started;
}

afterAll(async () => {
  await Promise.all([...running].map((s) => s.stop()));
  await Promise.all(dataDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** A Messenger text webhook as Meta posts it to the page's app. */
function messengerText(mid: string, text: string): string {
  return JSON.stringify({
    object: 'page',
    entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: '2900000000000001' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text } }] }],
  });
}

async function postMessenger(url: string, secret: string, mid: string, text: string): Promise<number> {
  const body = messengerText(mid, text);
  const res = await fetch(`${url}/api/v1/webhooks/facebook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(secret, body) }, body });
  return res.status;
}

describe('npm start chooses the sandbox only where it takes nothing over', () => {
  describe('an operator who set FACEBOOK_APP_ID/SECRET and connects channels in Settings', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db?.drop());

    const simulatorChannels = async () => (await db.db.selectFrom('channels').select('id').where('source', '=', 'simulator').execute()).length;

    it('runs on the real platforms from the first start: no simulator, no sandbox channel', async () => {
      const snorq = await startMain(db.url, OPERATOR);
      expect(await simulatorChannels()).toBe(0);
      expect(snorq.banner).toMatch(/platforms: REAL \(no simulator\), because platform variables are set \(FACEBOOK_APP_ID, FACEBOOK_APP_SECRET\)/);
      expect(snorq.banner).not.toMatch(/SANDBOX/);
      await snorq.stop();
    });

    it('accepts and stores a webhook signed with the operator’s app secret (the sandbox’s once replaced it: 401)', async () => {
      const org = await db.db.selectFrom('organizations').select('id').orderBy('id').executeTakeFirstOrThrow();
      // what Settings → Channels → Connect stores once Facebook Login returns
      await connectChannel(db.db, box, org.id, { platform: 'messenger', externalAccountId: PAGE_ID, displayName: 'Real Page', credentials: { pageAccessToken: 'EAAreal-page-token-0001' } }, 'oauth', {
        tokenExpiresAt: null,
      });
      const snorq = await startMain(db.url, OPERATOR);
      expect(await postMessenger(snorq.url, OPERATOR.FACEBOOK_APP_SECRET, 'm_operator_1', 'a real customer writes')).toBe(200);
      const stored = await db.db.selectFrom('messages').select(['content', 'direction']).where('external_id', '=', 'm_operator_1').executeTakeFirst();
      expect(stored).toEqual({ content: 'a real customer writes', direction: 'inbound' });
      // and nothing else is believed
      expect(await postMessenger(snorq.url, 'some-other-secret', 'm_forged_1', 'forged')).toBe(401);
      expect(await simulatorChannels()).toBe(0);
      expect(snorq.banner).toMatch(/platforms: REAL/);
      await snorq.stop();
    });

    it('stays real without any variable once the database holds a channel an operator connected', async () => {
      const snorq = await startMain(db.url, {});
      expect(await simulatorChannels()).toBe(0);
      expect(snorq.banner).toMatch(/platforms: REAL \(no simulator\), because the database holds 1 channel an operator connected/);
      await snorq.stop();
    });

    it('SIMULATOR=on keeps the operator’s values and adds no sandbox channel or demo to an organisation with real channels', async () => {
      const messagesBefore = (await db.db.selectFrom('messages').select('id').execute()).length;
      const snorq = await startMain(db.url, { ...OPERATOR, SIMULATOR: 'on' });
      expect(await simulatorChannels()).toBe(0);
      expect((await db.db.selectFrom('messages').select('id').execute()).length).toBe(messagesBefore);
      expect(await postMessenger(snorq.url, OPERATOR.FACEBOOK_APP_SECRET, 'm_operator_2', 'still real')).toBe(200);
      expect(await db.db.selectFrom('messages').select('id').where('external_id', '=', 'm_operator_2').executeTakeFirst()).toBeDefined();
      expect(snorq.banner).toMatch(/platforms: SANDBOX, because SIMULATOR=on/);
      expect(snorq.banner).toContain(`${PLATFORM_LIST}; no sandbox channel was added: the first organisation has real ones`);
      expect(snorq.banner).toMatch(/Your own FACEBOOK_APP_ID, FACEBOOK_APP_SECRET are kept over the sandbox's/);
      await snorq.stop();
    });
  });

  describe('a fresh start', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db?.drop());

    it('NODE_ENV=production never runs the sandbox on its own', async () => {
      const snorq = await startMain(db.url, { NODE_ENV: 'production' });
      expect(await db.db.selectFrom('channels').select('id').execute()).toEqual([]);
      expect(snorq.banner).toMatch(/platforms: REAL \(no simulator\), because NODE_ENV=production/);
      await snorq.stop();
    });

    it('with nothing set runs the demo: six sandbox channels, demo conversations, a control API behind a secret', async () => {
      const snorq = await startMain(db.url, {});
      const simUrl = /the simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(snorq.banner)![1]!;
      // The recorded calls hold the sandbox's tokens: not for any local process.
      expect((await call(`${simUrl}/_sim/calls`)).status).toBe(401);
      expect(snorq.banner).toMatch(/platforms: SANDBOX, because no platform variable is set and no channel has been connected/);
      // The platforms named from the registry, one channel each.
      expect(snorq.banner).toContain(`${PLATFORM_LIST} with six sandbox channels and a few demo conversations.`);
      const channels = await db.db.selectFrom('channels').select(['platform', 'source']).orderBy('platform').execute();
      expect(channels).toEqual([...SANDBOX_PLATFORMS].sort().map((platform) => ({ platform, source: 'simulator' })));
      expect(channels).toHaveLength(6);
      // Every sandbox channel has a demo conversation.
      const withDemo = await db.db
        .selectFrom('conversations')
        .innerJoin('channels', 'channels.id', 'conversations.channel_id')
        .select('channels.platform')
        .distinct()
        .orderBy('channels.platform')
        .execute();
      expect(withDemo.map((c) => c.platform)).toEqual([...SANDBOX_PLATFORMS].sort());

      const secretFile = path.join(snorq.dataDir, 'simulator-secret');
      expect(snorq.banner).toContain(secretFile);
      expect((await fs.stat(secretFile)).mode & 0o077).toBe(0);
      const secret = (await fs.readFile(secretFile, 'utf8')).trim();
      expect(snorq.banner).not.toContain(secret);
      const calls = await call(`${simUrl}/_sim/calls`, { headers: { authorization: `Bearer ${secret}` } });
      expect(calls.status).toBe(200);
      // the banner's curl line works
      const whatsapp = /"accountId":"(\d+)"/.exec(snorq.banner)![1]!;
      const sent = await call(`${simUrl}/_sim/customers/whatsapp/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: whatsapp, customer: { id: '4915100000000', name: 'Test' }, text: 'Hello!' }),
      });
      expect(sent.body).toMatchObject({ status: 200 });
      await snorq.stop();
    });
  });
});
