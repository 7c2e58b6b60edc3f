import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/core/accounts/auth-tokens.ts';
import { createUser } from '../../src/core/accounts/users.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { loadConfig } from '../../src/config/config.ts';
import { originAllowed } from '../../src/server/realtime/socket-access.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';

/**
 * Live connections end when access ends: signing out, a revoked token or session, a disabled
 * user, a changed password and an expired session close that principal's Socket.IO connections
 * on every instance at once, and no event committed afterwards reaches them. Two instances share
 * one database; the revocation is made through one, the sockets are on both.
 */
const SECRET = 'live-access-secret';
const PASSWORD = 'live access password';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let one: RunningSnorq;
let two: RunningSnorq;
let orgId: number;
let adminToken: string;
const sockets: Socket[] = [];

interface Live {
  socket: Socket;
  events: { type: string; data: Record<string, unknown> }[];
  ended: Promise<string>;
  closed: Promise<void>;
}

function open(s: RunningSnorq, token: string, headers: Record<string, string> = {}): Promise<Live> {
  return new Promise((resolve, reject) => {
    const socket = connect(s.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
    sockets.push(socket);
    const events: Live['events'] = [];
    const ended = new Promise<string>((r) => socket.on('session:ended', (m: { reason: string }) => r(m.reason)));
    const closed = new Promise<void>((r) => socket.on('disconnect', () => r()));
    socket.onAny((type: string, data: Record<string, unknown>) => events.push({ type, data }));
    socket.on('hello', () => resolve({ socket, events, ended, closed }));
    socket.on('connect_error', reject);
  });
}

async function signIn(s: RunningSnorq, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const call = (s: RunningSnorq, token: string, method: string, path: string, body?: object) =>
  fetch(`${s.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

let n = 0;
async function webhook(s: RunningSnorq, text: string) {
  const body = JSON.stringify(whatsappText({ phoneNumberId: 'PN-live', from: '4916000000009', id: `wamid.live${n++}`, text, timestamp: Date.now() }));
  const res = await fetch(`${s.url}/api/v1/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) }, body });
  expect(res.status).toBe(200);
}

const texts = (l: Live) => l.events.filter((e) => e.type === 'new:message').map((e) => (e.data.message as { content: string }).content);
const until = (cond: () => boolean, what: string) => eventually(cond, what);

async function newUser(role: 'admin' | 'agent') {
  const email = `${role}-${n++}@live.test`;
  const user = await createUser(db.db, { organizationId: orgId, email, name: role, role, password: PASSWORD });
  return { id: user.id, email };
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Instance one re-checks every token only hourly: what ends its sockets is an announcement or a connection's own deadline.
  one = await startTestSnorq(db.url, { WHATSAPP_APP_SECRET: SECRET, SOCKET_RECHECK_SECONDS: '3600' });
  // The second instance also re-checks every token each second (the periodic re-check is tested on it).
  two = await startTestSnorq(db.url, { WHATSAPP_APP_SECRET: SECRET, SOCKET_RECHECK_SECONDS: '1' });
  const org = await db.db.insertInto('organizations').values({ name: 'live' }).returning('id').executeTakeFirstOrThrow();
  orgId = org.id;
  await createUser(db.db, { organizationId: orgId, email: 'admin@live.test', name: 'Admin', role: 'admin', password: PASSWORD });
  await provisionChannels(
    one.ctx.db,
    one.ctx.secretBox,
    orgId,
    [{ platform: 'whatsapp', externalAccountId: 'PN-live', displayName: 'live', credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
    'env',
  );
  adminToken = await signIn(one, 'admin@live.test');
});

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await one?.stop();
  await two?.stop();
  await db?.drop();
});

describe('signing out', () => {
  it('closes that session’s sockets on both instances before any later event reaches them; other sessions keep theirs', async () => {
    const agent = await newUser('agent');
    const leaving = await signIn(one, agent.email);
    const staying = await signIn(two, agent.email);
    const onOne = await open(one, leaving);
    const onTwo = await open(two, leaving);
    const other = await open(two, staying);

    await webhook(one, 'before sign-out');
    await until(() => [onOne, onTwo, other].every((l) => texts(l).includes('before sign-out')), 'the first event everywhere');

    const out = await call(one, leaving, 'POST', '/api/v1/auth/logout');
    expect(out.status).toBe(200);
    // No waiting for the sockets to close: the next event is committed right away, and must
    // still not reach them (the revocation is acted on before any later event is delivered).
    await webhook(two, 'after sign-out');
    await until(() => texts(other).includes('after sign-out'), 'the later event on the session still signed in');
    expect(await onOne.ended).toBe('signed out');
    expect(await onTwo.ended).toBe('signed out');
    await Promise.all([onOne.closed, onTwo.closed]);
    expect(texts(onOne)).toEqual(['before sign-out']);
    expect(texts(onTwo)).toEqual(['before sign-out']);
    expect(other.socket.connected).toBe(true);
    // And the revoked token cannot open a new one.
    await expect(open(two, leaving)).rejects.toThrow(/unauthorized/);
  });
});

describe('other ways access ends', () => {
  it('disabling a user closes all their sockets, sessions and API tokens alike', async () => {
    const admin2 = await newUser('admin');
    const session = await signIn(one, admin2.email);
    const api = ((await (await call(one, session, 'POST', '/api/v1/tokens', { name: 'script' })).json()) as { token: string }).token;
    const bySession = await open(two, session);
    const byApi = await open(one, api);
    expect((await call(one, adminToken, 'POST', `/api/v1/users/${admin2.id}/disable`)).status).toBe(200);
    // A re-check that runs between the disabling and its announcement reads the same reason.
    expect(await bySession.ended).toBe('user disabled');
    expect(await byApi.ended).toBe('user disabled');
  });

  it('revoking an API token closes its sockets', async () => {
    const created = (await (await call(one, adminToken, 'POST', '/api/v1/tokens', { name: 'to revoke' })).json()) as { id: number; token: string };
    const live = await open(two, created.token);
    expect((await call(one, adminToken, 'DELETE', `/api/v1/tokens/${created.id}`)).status).toBe(200);
    expect(await live.ended).toBe('token revoked');
  });

  it('changing one’s password closes the sockets of one’s other sessions, not of this one', async () => {
    const agent = await newUser('agent');
    const here = await signIn(one, agent.email);
    const there = await signIn(one, agent.email);
    const mine = await open(two, here);
    const theirs = await open(two, there);
    const res = await call(one, here, 'POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'another password 9' });
    expect(res.status).toBe(200);
    expect(await theirs.ended).toBe('password changed');
    await webhook(one, 'after the password change');
    await until(() => texts(mine).includes('after the password change'), 'the event on the session that changed it');
    expect(mine.socket.connected).toBe(true);
  });

  it('an admin ending a session closes its sockets', async () => {
    const agent = await newUser('agent');
    const token = await signIn(one, agent.email);
    const live = await open(one, token);
    const sessions = ((await (await call(one, adminToken, 'GET', `/api/v1/sessions?userId=${agent.id}`)).json()) as { sessions: { id: number }[] }).sessions;
    expect(sessions).toHaveLength(1);
    expect((await call(two, adminToken, 'DELETE', `/api/v1/sessions/${sessions[0]!.id}`)).status).toBe(200);
    expect(await live.ended).toBe('session revoked');
  });

  it('a session reaching its expiry closes its sockets then, without any request', async () => {
    const agent = await newUser('agent');
    // The session must still be valid when the socket opens. Opening takes longer on a loaded
    // machine, so a handshake refused because the session already ended is tried again with a
    // window twice as long: what is tested is the close at the deadline (instance one's periodic
    // re-check is an hour away), not how fast a socket connects.
    for (let windowMs = 1000; ; windowMs *= 2) {
      const { token } = await issueToken(db.db, { id: agent.id, organization_id: orgId }, 'session', { expiresAt: new Date(Date.now() + windowMs) });
      const live = await open(one, token).catch(() => undefined);
      if (!live) continue;
      expect(await live.ended).toBe('session ended');
      return;
    }
  });

  it('a token revoked behind snorq’s back (no announcement) is caught by the periodic re-check', async () => {
    const agent = await newUser('agent');
    const token = await signIn(one, agent.email);
    const live = await open(two, token);
    await db.db.updateTable('auth_tokens').set({ revoked_at: new Date() }).where('user_id', '=', agent.id).execute();
    expect(await live.ended).toBe('session ended');
  });
});

describe('the handshake’s Origin', () => {
  it('refuses a page of another site, accepts PUBLIC_URL’s and scripts that send none', async () => {
    await expect(open(one, adminToken, { origin: 'https://evil.example' })).rejects.toThrow();
    await expect(open(one, adminToken, { origin: 'null' })).rejects.toThrow();
    expect((await open(one, adminToken, { origin: 'http://127.0.0.1:9' })).socket.connected).toBe(true); // PUBLIC_URL of the test instances
    expect((await open(one, adminToken)).socket.connected).toBe(true);
    // In development (not production), the page's own origin too: `npm start` without PUBLIC_URL, the browser tests.
    const host = new URL(one.url).host;
    expect((await open(one, adminToken, { origin: `http://${host}` })).socket.connected).toBe(true);
  });

  it('in production accepts only PUBLIC_URL’s origin, whatever Host the request names', () => {
    const production = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://inbox.example.com', DATA_DIR: '/tmp/x' });
    expect(originAllowed({ origin: 'https://inbox.example.com', host: 'inbox.example.com' }, production)).toBe(true);
    expect(originAllowed({ origin: 'https://evil.example', host: 'evil.example' }, production)).toBe(false);
    expect(originAllowed({ origin: 'http://inbox.example.com', host: 'inbox.example.com' }, production)).toBe(false);
    expect(originAllowed({ host: 'inbox.example.com' }, production)).toBe(true);
    // Without PUBLIC_URL there is nothing else to go by than the page's own origin.
    const bare = loadConfig({ NODE_ENV: 'production', DATA_DIR: '/tmp/x' });
    expect(originAllowed({ origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }, bare)).toBe(true);
    expect(originAllowed({ origin: 'https://evil.example', host: '10.0.0.5:3000' }, bare)).toBe(false);
  });
});
