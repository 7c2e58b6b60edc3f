import { io as connect, type Socket } from 'socket.io-client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';

/**
 * Automatic presence over two instances on one database: an agent is online while a tab of theirs
 * is connected to any instance and in use, away when their tabs idle, offline when none is left;
 * a chosen "away" sticks; an instance that stops vouching for its sockets (it died) no longer
 * keeps its agents online. Changes reach agents on the other instance as `presence:updated`.
 *
 * Each test moves an agent of its own and closes its tabs when it ends, passed or not: a test that
 * failed with Ana's tabs still open used to fail the ones after it too (she never went offline).
 */

const PASSWORD = 'presence password 1';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let one: RunningSnorq;
let two: RunningSnorq;
let org: number;
const NAMES = { ana: 'Ana', bo: 'Bo', cy: 'Cy', di: 'Di', eve: 'Eve' } as const;
type Key = keyof typeof NAMES;
const users = Object.fromEntries(Object.keys(NAMES).map((k) => [k, { id: 0, token: '' }])) as Record<Key, { id: number; token: string }>;
const sockets: Socket[] = [];
/** Every presence:updated Bo's socket (on instance two) received, in order. */
const seen: { userId: number; presence: string }[] = [];

/** A tab; one opened inside a test (`forTest`, all but Bo's watcher) closes when that test ends. */
function open(s: RunningSnorq, token: string, auth: Record<string, unknown> = {}, forTest = true): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(s.url, { path: '/socket.io', auth: { token, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    // A test's tabs close when it ends, whatever happened. Said by the caller, not read from
    // expect's state: in a worker that ran another file first, that state can still name a test
    // during beforeAll, and onTestFinished then throws (CI of 49b4cb5).
    if (forTest) onTestFinished(() => void socket.disconnect());
    socket.on('hello', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

const until = (cond: () => boolean | Promise<boolean>) => eventually(cond, 'a presence change');
/** The agent's last announced presence, as Bo's socket on instance two heard it. */
const lastOf = (name: Key) => seen.filter((e) => e.userId === users[name].id).at(-1)?.presence;
const is = (name: Key, presence: string) => until(() => lastOf(name) === presence);
const anaIs = (presence: string) => is('ana', presence);
async function api(s: RunningSnorq, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${s.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const listed = async (name: Key) => {
  const { json } = await api(two, users.bo.token, 'GET', '/api/v1/users');
  return (json.users as { id: number; presence: string }[]).find((u) => u.id === users[name].id)?.presence;
};

beforeAll(async () => {
  db = await createTestDatabase();
  one = await startTestSnorq(db.url);
  two = await startTestSnorq(db.url);
  org = (await db.db.insertInto('organizations').values({ name: 'presence' }).returning('id').executeTakeFirstOrThrow()).id;
  for (const [key, name] of Object.entries(NAMES) as [Key, string][]) {
    const user = await createUser(db.db, { organizationId: org, email: `${key}@presence.test`, name, role: 'agent', password: PASSWORD });
    const res = await fetch(`${one.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${key}@presence.test`, password: PASSWORD }),
    });
    users[key] = { id: user.id, token: ((await res.json()) as { token: string }).token };
  }
  const bo = await open(two, users.bo.token, {}, false);
  bo.on('presence:updated', (e: { userId: number; presence: string }) => seen.push(e));
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await one?.stop();
  await two?.stop();
  await db?.drop();
});

describe('presence across instances', () => {
  it('follows an agent’s tabs: online on connecting, away when every tab idles, online on activity, offline when the last tab closes', async () => {
    expect(await listed('ana')).toBe('offline');
    const first = await open(one, users.ana.token);
    await anaIs('online');
    expect(await listed('ana')).toBe('online');

    // A second tab on the other instance, idle: the first one still keeps her online.
    const second = await open(two, users.ana.token, { active: false });
    first.emit('presence:activity', { active: false });
    await anaIs('away');
    second.emit('presence:activity', { active: true });
    await anaIs('online');

    first.disconnect();
    second.emit('presence:activity', { active: false });
    await anaIs('away');
    second.disconnect();
    await anaIs('offline');
    expect(await listed('ana')).toBe('offline');
    // Each change announced once: no repeats between the moves.
    const ana = seen.filter((e) => e.userId === users.ana.id).map((e) => e.presence);
    expect(ana).toEqual(['online', 'away', 'online', 'away', 'offline']);
  });

  it('keeps a chosen away while the agent works, and follows the tabs again on auto', async () => {
    const tab = await open(one, users.cy.token);
    await is('cy', 'online');
    const chosen = await api(one, users.cy.token, 'PUT', '/api/v1/me/presence', { choice: 'away' });
    expect(chosen.json).toMatchObject({ choice: 'away', presence: 'away', idleAfterSeconds: 300 });
    await is('cy', 'away');
    // The tab idles and is used again (each report handled): she stays away.
    const tabActive = async (active: boolean) =>
      (await db.db.selectFrom('presence_connections').select('active').where('user_id', '=', users.cy.id).where('active', '=', active).execute()).length === 1;
    tab.emit('presence:activity', { active: false });
    await until(() => tabActive(false));
    tab.emit('presence:activity', { active: true });
    await until(() => tabActive(true));
    expect((await api(two, users.cy.token, 'GET', '/api/v1/me/presence')).json).toMatchObject({ choice: 'away', presence: 'away' });
    await api(two, users.cy.token, 'PUT', '/api/v1/me/presence', { choice: 'auto' });
    await is('cy', 'online');
    expect((await api(one, users.cy.token, 'PUT', '/api/v1/me/presence', { choice: 'busy' })).status).toBe(400);
    tab.disconnect();
    await is('cy', 'offline');
  });

  it('turns offline the agents of an instance that stopped vouching for its sockets', async () => {
    await open(one, users.di.token);
    await is('di', 'online');
    // Instance one "dies": its rows age past three heartbeats without being vouched for.
    await db.db
      .updateTable('presence_connections')
      .set({ seen_at: new Date(Date.now() - 3600_000) })
      .where('instance_id', '=', one.presence.instanceId)
      .execute();
    await two.presence.sweep();
    await is('di', 'offline');
    expect(await db.db.selectFrom('presence_connections').select('socket_id').where('instance_id', '=', one.presence.instanceId).execute()).toEqual([]);
  });

  it('tries a presence change again when the database refused it, instead of keeping the old presence', async () => {
    // PostgreSQL refuses Eve's presence row while she is listed in presence_refused; the
    // sequence counts the refusals (a sequence is not rolled back with the refused transaction).
    await sql`create table presence_refused (user_id bigint primary key)`.execute(db.db);
    await sql`create sequence presence_refusals`.execute(db.db);
    await sql`
      create function refuse_presence() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from presence_refused where user_id = new.user_id) then
          perform nextval('presence_refusals');
          raise exception 'presence refused for the test';
        end if;
        return new;
      end $$`.execute(db.db);
    await sql`create trigger refuse_presence before insert or update on user_presence for each row execute function refuse_presence()`.execute(db.db);
    await db.db
      .insertInto('presence_refused' as never)
      .values({ user_id: users.eve.id } as never)
      .execute();

    await open(one, users.eve.token);
    // Her tab is recorded, and working out her presence from it failed.
    await until(async () => (await db.db.selectFrom('presence_connections').select('socket_id').where('user_id', '=', users.eve.id).execute()).length === 1);
    await until(async () => (await sql<{ n: string }>`select last_value as n from presence_refusals where is_called`.execute(db.db)).rows.length === 1);
    expect(await listed('eve')).toBe('offline');
    // The database accepts it again: she is announced online without doing anything more.
    await db.db.deleteFrom('presence_refused' as never).execute();
    await is('eve', 'online');
    expect(await listed('eve')).toBe('online');
  });
});
