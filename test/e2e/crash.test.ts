import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createUser } from '../../src/core/accounts/users.ts';
import { LEASE_MS } from '../../src/core/outbox/outbox-worker.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';
import { serverCommand } from '../helpers/server-process.ts';
import { freePort } from '../../src/db/free-port.ts';

/**
 * snorq killed for real. `npm start`'s process on the embedded database takes a steady stream of
 * signed webhooks (the simulator's customers) and agents' replies while its PostgreSQL is
 * SIGKILLed twice (snorq must restart it and reconnect by itself, /readyz 503 meanwhile) and the
 * app itself is SIGKILLed three times (once while a send hangs at the platform, once just after a
 * send was answered, once at a random moment). Afterwards every webhook is stored exactly once and
 * every accepted reply was sent exactly once, or is `failed` with DELIVERY_UNCERTAIN (the
 * documented at-most-once policy): never twice. Then the same outage against an external
 * PostgreSQL (DATABASE_URL), cut by a TCP proxy: the pool and the event stream reconnect by
 * themselves.
 */

const until = async <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000, every = 25): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(url: string, init?: RequestInit): Promise<number | 'down'> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'down';
  }
}

describe('SIGKILL of the app and of its embedded PostgreSQL, under load', () => {
  const dataDir = path.resolve('.test-data', `crash-${process.pid}`);
  const clusterDir = path.join(dataDir, 'postgres');
  const PHONE_ID = '106540352242922';
  const WA_TOKEN = 'crash-wa-token-0123456789';
  const SECRETS = { messenger: 'crash-meta', instagram: 'crash-ig', whatsapp: 'crash-wa-secret', tiktok: 'crash-tt' };
  const ADMIN = { email: 'crash@example.test', password: 'crash test password' };
  const CUSTOMERS = ['4915550100001', '4915550100002', '4915550100003', '4915550100004', '4915550100005', '4915550100006'];
  let port: number;
  let base: string;
  let sim: Simulator;
  let child: ChildProcess | undefined;
  let output = '';
  let db: DatabaseHandle | undefined;

  const postmasterPid = async () => Number.parseInt((await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  async function startApp(): Promise<number> {
    const startedAt = Date.now();
    const server = serverCommand();
    const proc = spawn(server.command, server.args, {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        SIMULATOR: 'off',
        SYNC_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
        WHATSAPP_ACCESS_TOKEN: WA_TOKEN,
        WHATSAPP_APP_SECRET: SECRETS.whatsapp,
        META_GRAPH_URL: sim.baseUrls.metaGraph,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    await until(
      'snorq to be ready',
      async () => {
        if (proc.exitCode !== null) throw new Error(`snorq exited ${proc.exitCode}:\n${output.slice(-4000)}`);
        return (await status(`${base}/readyz`)) === 200;
      },
      60_000,
      50,
    );
    console.log(`crash test: snorq ready in ${Date.now() - startedAt} ms`);
    return startedAt;
  }

  /** /readyz of the running app; an app that died is a failure, with its last words. */
  async function readyz(): Promise<number | 'down'> {
    if (child?.exitCode !== null) throw new Error(`snorq exited ${child?.exitCode}:\n${output.slice(-4000)}`);
    return status(`${base}/readyz`);
  }

  async function killApp(): Promise<void> {
    const proc = child!;
    const exited = new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    proc.kill('SIGKILL');
    await exited;
  }

  /** The test's own connection to the cluster (password and port from DATA_DIR; each app start picks a new port). */
  let dbPort: string | undefined;
  async function database(): Promise<DatabaseHandle> {
    const password = (await fs.readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
    const pgPort = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[3];
    if (db && dbPort === pgPort) return db;
    await db?.close();
    db = openDatabase(`postgres://postgres:${password}@127.0.0.1:${pgPort}/snorq`, { max: 2 });
    dbPort = pgPort;
    return db;
  }

  /**
   * Sends claimed by a process that was killed stay in flight until their lease (LEASE_MS, two
   * minutes) runs out, and hold back later replies of their conversation meanwhile. Rather than
   * wait, move their claim back by a lease: what the clock would do, so the policy still decides.
   */
  async function expireLeasesOfTheDead(startedAt: number): Promise<number> {
    const d = (await database()).db;
    const moved = await d
      .updateTable('messages')
      .set({ sending_started_at: sql<Date>`sending_started_at - make_interval(secs => ${LEASE_MS / 1000 + 1})` })
      .where('status', '=', 'pending')
      .where('sending_started_at', '<', new Date(startedAt))
      .where('sending_started_at', '>', sql<Date>`now() - make_interval(secs => ${LEASE_MS / 1000})`)
      .returning('id')
      .execute();
    return moved.length;
  }

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await fs.mkdir(dataDir, { recursive: true });
    // Timeout faults hold a send long enough for the app to be killed while it waits.
    sim = await startSimulator({ webhookBaseUrl: base, secrets: SECRETS, hangMs: 20_000, accounts: [{ platform: 'whatsapp', accountId: PHONE_ID, accessToken: WA_TOKEN, wabaId: '109876543210987' }] });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, pause(15_000)]);
    }
    await db?.close();
    await sim?.close();
    // An orphaned PostgreSQL (if the test failed between a kill and a restart) is stopped by pid.
    const pid = await postmasterPid().catch(() => NaN);
    if (Number.isInteger(pid) && alive(pid)) {
      process.kill(pid, 'SIGINT');
      await until('the orphaned PostgreSQL to stop', () => !alive(pid), 15_000).catch(() => undefined);
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('stores every acknowledged webhook once and sends every accepted reply at most once', { timeout: 240_000 }, async () => {
    const firstStart = await startApp();
    let appStartedAt = firstStart;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };

    // One conversation per customer, so that replies have somewhere to go.
    for (const [i, id] of CUSTOMERS.entries()) {
      const sent = await sim.customers.send('whatsapp', { accountId: PHONE_ID, customer: { id, name: `Crash ${i}` }, text: 'hello', externalId: `wamid.crash.seed.${i}` });
      expect(sent.status, sent.body).toBe(200);
    }
    const list = (await (await fetch(`${base}/api/messages?limit=50`, { headers: auth })).json()) as { conversations: { id: number }[] };
    const conversationIds = list.conversations.map((c) => c.id);
    expect(conversationIds).toHaveLength(CUSTOMERS.length);

    // --- the load: webhooks and replies, each loop paced, going on through every kill ---------
    const webhooks = new Map<string, { customer: string; text: string; statuses: (number | 'down')[] }>();
    const replies = new Map<number, { key: string; conversationId: number; statuses: (number | 'down')[]; messageId?: number }>();
    let running = true;
    let webhookSeq = 0;
    let replySeq = 0;
    // A platform that redelivers a webhook until it gets a 200 (same id, same text).
    const webhookLoop = async () => {
      while (running) {
        const n = webhookSeq++;
        const externalId = `wamid.crash.${n}`;
        const entry = { customer: CUSTOMERS[n % CUSTOMERS.length]!, text: `webhook ${n}`, statuses: [] as (number | 'down')[] };
        webhooks.set(externalId, entry);
        while (running && !entry.statuses.includes(200)) {
          try {
            entry.statuses.push((await sim.customers.send('whatsapp', { accountId: PHONE_ID, customer: { id: entry.customer }, text: entry.text, externalId })).status);
          } catch {
            entry.statuses.push('down');
          }
          await pause(entry.statuses.at(-1) === 200 ? 15 : 50);
        }
      }
    };
    // A client that retries a reply it got no answer for, with the same Idempotency-Key.
    const replyLoop = async () => {
      while (running) {
        const n = replySeq++;
        const entry = { key: `crash-reply-${n}`, conversationId: conversationIds[n % conversationIds.length]!, statuses: [] as (number | 'down')[], messageId: undefined as number | undefined };
        replies.set(n, entry);
        while (running && entry.messageId === undefined) {
          try {
            const res = await fetch(`${base}/api/messages`, {
              method: 'POST',
              headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': entry.key },
              body: JSON.stringify({ conversationId: entry.conversationId, content: `reply ${n}` }),
              signal: AbortSignal.timeout(10_000),
            });
            entry.statuses.push(res.status);
            const body = (await res.json()) as { message?: { id: number } };
            if ((res.status === 201 || res.status === 200) && body.message) entry.messageId = body.message.id;
          } catch {
            entry.statuses.push('down');
          }
          await pause(entry.messageId === undefined ? 50 : 30);
        }
      }
    };
    const load = [webhookLoop(), webhookLoop(), replyLoop(), replyLoop()];
    const acknowledged = () => [...webhooks.values()].filter((w) => w.statuses.includes(200)).length;
    const acceptedReplies = () => [...replies.values()].filter((r) => r.messageId !== undefined).length;
    const progress = async (what: string, webhooksAtLeast: number, repliesAtLeast: number) =>
      until(`${what}: traffic flowing`, () => acknowledged() >= webhooksAtLeast && acceptedReplies() >= repliesAtLeast, 30_000);

    // A socket agent, to see that real time survives the database restarts.
    const socketEvents: string[] = [];
    const socket: Socket = connectSocket(base, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: true, reconnectionDelay: 100 });
    socket.on('new:message', (m: { message?: { content?: string } }) => socketEvents.push(m.message?.content ?? ''));
    await until('the socket to connect', () => socket.connected, 10_000);

    let orphaned = 0;
    try {
      await progress('before any kill', 20, 10);

      // --- 1, 2: the database dies twice under the running app ---------------------------------
      for (let k = 1; k <= 2; k++) {
        const pid = await postmasterPid();
        process.kill(pid, 'SIGKILL');
        await until(`/readyz to answer 503 after database kill ${k}`, async () => (await readyz()) === 503, 10_000, 10);
        await until(`/readyz to answer 200 again after database kill ${k}`, async () => (await readyz()) === 200, 30_000, 50);
        const restartedPid = await postmasterPid();
        expect(restartedPid).not.toBe(pid);
        expect(alive(restartedPid)).toBe(true);
        expect(child!.exitCode, output.slice(-4000)).toBeNull();
        const before = { w: acknowledged(), r: acceptedReplies() };
        await progress(`after database kill ${k}`, before.w + 20, before.r + 10);
      }
      // Real time came back with the database: a customer's message reaches the agent's socket.
      const live = await sim.customers.send('whatsapp', { accountId: PHONE_ID, customer: { id: CUSTOMERS[0]! }, text: 'live after the database restarts', externalId: 'wamid.crash.live' });
      expect(live.status).toBe(200);
      await until('the live message on the socket', () => socketEvents.includes('live after the database restarts'), 10_000);

      // --- 3: the app dies while a send hangs at the platform ----------------------------------
      const sinceHeld = sim.recorded.list().length;
      sim.faults.set({ platform: 'whatsapp', kind: 'timeout', times: 1 });
      await until(
        'a send to hang at the platform',
        () =>
          sim.recorded
            .list()
            .slice(sinceHeld)
            .some((c) => c.fault === 'timeout'),
        20_000,
      );
      await killApp();
      appStartedAt = await startApp();
      orphaned += await expireLeasesOfTheDead(appStartedAt);
      await progress('after app kill 1 (mid-send)', acknowledged() + 20, acceptedReplies() + 10);

      // --- 4: the app dies just after the platform answered a send ----------------------------
      const answered = await sim.recorded.waitFor({ method: 'POST', path: `/${PHONE_ID}/messages` }, { sinceSeq: sim.recorded.list().at(-1)!.seq, timeoutMs: 20_000 });
      expect(answered.status).toBe(200);
      await killApp();
      appStartedAt = await startApp();
      orphaned += await expireLeasesOfTheDead(appStartedAt);
      await progress('after app kill 2 (after a send)', acknowledged() + 20, acceptedReplies() + 10);

      // --- 5: the app dies at a random moment ------------------------------------------------
      const delay = 200 + Math.floor(Math.random() * 1500);
      console.log(`crash test: app kill 3 after ${delay} ms`);
      await pause(delay);
      await killApp();
      appStartedAt = await startApp();
      orphaned += await expireLeasesOfTheDead(appStartedAt);
      await progress('after app kill 3 (random)', acknowledged() + 20, acceptedReplies() + 10);
    } finally {
      running = false;
      await Promise.all(load);
      socket.close();
    }

    // Nothing but 200, 503 while the database was away, or no answer while the app was dead.
    const seen = new Set([...webhooks.values()].flatMap((w) => w.statuses));
    expect([...seen].filter((s) => s !== 200 && s !== 503 && s !== 'down')).toEqual([]);
    const replySeen = new Set([...replies.values()].flatMap((r) => r.statuses));
    expect([...replySeen].filter((s) => s !== 201 && s !== 200 && s !== 503 && s !== 'down')).toEqual([]);

    // The last webhooks in flight when the load stopped are redelivered, as the platform would.
    const unacknowledged = [...webhooks.entries()].filter(([, w]) => !w.statuses.includes(200));
    for (const [externalId, w] of unacknowledged) {
      const again = await sim.customers.send('whatsapp', { accountId: PHONE_ID, customer: { id: w.customer }, text: w.text, externalId });
      expect(again.status, again.body).toBe(200);
    }

    // --- settle: the outbox sends everything (leases of the dead were expired at each start)
    const d = (await database()).db;
    const pendingReplies = () => d.selectFrom('messages').select('id').where('direction', '=', 'outbound').where('status', '=', 'pending').execute();
    await until('every reply to be sent or failed', async () => (await pendingReplies()).length === 0, 30_000, 100);

    // --- what must hold ------------------------------------------------------------------------
    const stored = await d
      .selectFrom('messages')
      .select(['external_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('direction', '=', 'inbound')
      .where('external_id', 'like', 'wamid.crash.%')
      .groupBy('external_id')
      .execute();
    const storedCount = new Map(stored.map((r) => [r.external_id!, Number(r.n)]));
    for (const externalId of webhooks.keys()) expect(storedCount.get(externalId), externalId).toBe(1);
    expect(stored.every((r) => Number(r.n) === 1)).toBe(true);
    expect(await d.selectFrom('webhook_events').select('id').where('state', '=', 'received').execute()).toEqual([]);

    const sends = sim.recorded.list({ method: 'POST', path: `/${PHONE_ID}/messages` });
    const callsFor = (text: string) => sends.filter((c) => (c.body as { text?: { body?: string } } | undefined)?.text?.body === text);
    const rows = await d.selectFrom('messages').select(['id', 'content', 'status', 'error_code', 'idempotency_key']).where('direction', '=', 'outbound').execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const outcome = { sent: 0, uncertain: 0, uncertainButDelivered: 0 };
    for (const [n, r] of replies) {
      if (r.messageId === undefined) continue;
      const row = byId.get(r.messageId)!;
      const calls = callsFor(`reply ${n}`);
      const delivered = calls.filter((c) => c.status === 200 && !c.fault);
      if (row.status === 'failed') {
        expect(row.error_code, `reply ${n}`).toBe('DELIVERY_UNCERTAIN');
        expect(delivered.length, `reply ${n}`).toBeLessThanOrEqual(1);
        outcome.uncertain++;
        outcome.uncertainButDelivered += delivered.length;
      } else {
        expect(['sent', 'delivered', 'read'], `reply ${n}`).toContain(row.status);
        expect(delivered.length, `reply ${n}`).toBe(1);
        outcome.sent++;
      }
    }
    // Nothing is ever sent twice, accepted or not, and one key made one message.
    const texts = sends.map((c) => (c.body as { text?: { body?: string } } | undefined)?.text?.body);
    expect(texts.length).toBe(new Set(texts).size);
    const keys = rows.map((r) => r.idempotency_key).filter((k) => k !== null);
    expect(keys.length).toBe(new Set(keys).size);
    // The kill while a send hung left at least that one uncertain.
    expect(outcome.uncertain).toBeGreaterThanOrEqual(1);

    const sum = {
      webhooks: webhooks.size,
      deliveries: [...webhooks.values()].reduce((a, w) => a + w.statuses.length, 0),
      redeliveredAtEnd: unacknowledged.length,
      statuses: [...seen],
      replies: acceptedReplies(),
      replyRequests: [...replies.values()].reduce((a, r) => a + r.statuses.length, 0),
      ...outcome,
      inFlightAtAKill: orphaned,
      kills: { app: 3, database: 2 },
    };
    console.log(`crash test: ${JSON.stringify(sum)}`);
  });
});

/**
 * A TCP proxy in front of PostgreSQL: `cut()` drops every connection and refuses new ones (a
 * database restarting, a network partition), `mend()` lets them through again.
 */
async function startProxy(target: { host: string; port: number }) {
  let cut = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      cut = true;
      for (const s of sockets) s.destroy();
    },
    mend: () => {
      cut = false;
    },
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

describe('an external PostgreSQL (DATABASE_URL) that goes away and comes back', () => {
  const SECRET = 'external-wa-secret';
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let snorq: RunningSnorq;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url);
    proxy = await startProxy({ host: url.hostname, port: Number(url.port) });
    url.port = String(proxy.port);
    snorq = await startTestSnorq(url.toString(), { WHATSAPP_APP_SECRET: SECRET });
    const org = await database.db.insertInto('organizations').values({ name: 'external' }).returning('id').executeTakeFirstOrThrow();
    await createUser(database.db, { organizationId: org.id, email: 'ext@example.test', name: 'Ext', role: 'admin', password: 'external password' });
    await provisionChannels(
      database.db,
      snorq.ctx.secretBox,
      org.id,
      [{ platform: 'whatsapp', externalAccountId: '5550001', displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
      'env',
    );
  });
  afterAll(async () => {
    proxy?.mend();
    await snorq?.stop();
    await proxy?.close();
    await database?.drop();
  });

  const webhook = (id: string, text: string) => {
    const body = JSON.stringify(whatsappText({ phoneNumberId: '5550001', from: '4915550200001', id, text, timestamp: Date.now() }));
    return status(`${snorq.url}/api/v1/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) }, body });
  };

  it('answers 503 while the database is away, never 200 for a write it could not make, and reconnects by itself', async () => {
    const login = await fetch(`${snorq.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ext@example.test', password: 'external password' }),
    });
    const { token } = (await login.json()) as { token: string };
    const events: string[] = [];
    const socket = connectSocket(snorq.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: true, reconnectionDelay: 100 });
    socket.on('new:message', (m: { message?: { content?: string } }) => events.push(m.message?.content ?? ''));
    try {
      await until('the socket to connect', () => socket.connected, 10_000);
      expect(await webhook('wamid.ext.before', 'before')).toBe(200);
      await until('the first event', () => events.includes('before'), 10_000);

      proxy.cut();
      await until('/readyz to answer 503', async () => (await status(`${snorq.url}/readyz`)) === 503, 10_000);
      // Longer than the event stream's one-second retry, so that reconnecting fails at least once,
      // and at least five webhooks whatever that takes (a loaded machine answered fewer in the time).
      const outage: (number | 'down')[] = [];
      const outageEnds = Date.now() + 2_500;
      for (let i = 0; Date.now() < outageEnds || i < 5; i++) {
        outage.push(await webhook(`wamid.ext.outage.${i}`, `during ${i}`));
        await pause(100);
      }
      // Every webhook in the outage is refused with a 5xx the platform will retry; none gets 200.
      expect(
        outage.every((s) => s !== 'down' && s >= 500),
        JSON.stringify(outage),
      ).toBe(true);
      const during = await fetch(`${snorq.url}/api/messages`, { headers: { authorization: `Bearer ${token}` } });
      expect(during.status).toBe(503);
      expect(await during.text()).not.toMatch(/ECONN|at .*\.ts|stack/i);

      proxy.mend();
      await until('/readyz to answer 200 again', async () => (await status(`${snorq.url}/readyz`)) === 200, 20_000, 50);
      expect(await webhook('wamid.ext.after', 'after')).toBe(200);
      await until('the event after the outage on the socket', () => events.includes('after'), 15_000);
      const stored = await database.db.selectFrom('messages').select('external_id').where('external_id', 'like', 'wamid.ext.%').execute();
      expect(stored.map((r) => r.external_id).sort()).toEqual(['wamid.ext.after', 'wamid.ext.before']);
      console.log(`external database: ${outage.length} webhooks refused with ${[...new Set(outage)].join('/')} during a 2.5 s outage; reconnected`);
    } finally {
      socket.close();
    }
  });
});
