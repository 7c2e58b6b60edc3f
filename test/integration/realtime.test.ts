import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createUser } from '../../src/core/accounts/users.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';

const SECRET = 'rt-secret';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let one: RunningSnorq;
let two: RunningSnorq;
const tokens: Record<'a' | 'b', string> = { a: '', b: '' };
const sockets: Socket[] = [];

async function login(s: RunningSnorq, email: string): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'rt password 123' }) });
  return ((await res.json()) as { token: string }).token;
}

function open(s: RunningSnorq, auth: Record<string, unknown>): Promise<{ socket: Socket; events: { type: string; seq: number; data: Record<string, unknown> }[]; hello: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(s.url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const events: { type: string; seq: number; data: Record<string, unknown> }[] = [];
    socket.onAny((type, data) => type !== 'hello' && events.push({ type, seq: data.seq, data }));
    socket.on('hello', (h: { seq: number }) => resolve({ socket, events, hello: h.seq }));
    socket.on('connect_error', reject);
  });
}

async function webhook(s: RunningSnorq, phoneNumberId: string, id: string, text: string) {
  const body = JSON.stringify(whatsappText({ phoneNumberId, from: '4916000000001', name: 'Live', id, text, timestamp: Date.now() }));
  const res = await fetch(`${s.url}/api/v1/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) }, body });
  expect(res.status).toBe(200);
}

const until = (cond: () => boolean) => eventually(cond, 'an event on a socket');

/**
 * Proves a socket of organisation B heard nothing of A's events: a webhook of B's own is sent
 * after A's and awaited (events reach a socket in commit order, so anything leaked from A would
 * already be there), then B's events must be exactly its own sequence with only that message.
 */
async function expectOnlyOwnEvents(agentB: Awaited<ReturnType<typeof open>>, barrierId: string) {
  await webhook(one, 'PN-b', barrierId, `barrier ${barrierId}`);
  await until(() => agentB.events.some((e) => (e.data.message as { content?: string } | undefined)?.content === `barrier ${barrierId}`));
  const { event_seq: last } = await db.db.selectFrom('organizations').select('event_seq').where('name', '=', 'b').executeTakeFirstOrThrow();
  // A presence change of B's own agents may still follow; judge everything up to `last`.
  await until(() => (agentB.events.at(-1)?.seq ?? 0) >= Number(last));
  expect(agentB.events.map((e) => e.seq).filter((seq) => seq <= Number(last))).toEqual(Array.from({ length: Number(last) - agentB.hello }, (_, i) => agentB.hello + 1 + i));
  const messages = agentB.events.filter((e) => e.type === 'new:message').map((e) => (e.data.message as { content: string }).content);
  expect(messages).toEqual([`barrier ${barrierId}`]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  one = await startTestSnorq(db.url, { WHATSAPP_APP_SECRET: SECRET });
  two = await startTestSnorq(db.url, { WHATSAPP_APP_SECRET: SECRET });
  for (const key of ['a', 'b'] as const) {
    const org = await db.db.insertInto('organizations').values({ name: key }).returning('id').executeTakeFirstOrThrow();
    await createUser(db.db, { organizationId: org.id, email: `${key}@rt.test`, name: key, role: 'admin', password: 'rt password 123' });
    await provisionChannels(
      one.ctx.db,
      one.ctx.secretBox,
      org.id,
      [{ platform: 'whatsapp', externalAccountId: `PN-${key}`, displayName: key, credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
      'env',
    );
    tokens[key] = await login(one, `${key}@rt.test`);
  }
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await one?.stop();
  await two?.stop();
  await db?.drop();
});

describe('real-time push', () => {
  it('refuses sockets without valid credentials', async () => {
    await expect(open(one, {})).rejects.toThrow(/unauthorized/);
    await expect(open(one, { token: 'snq_ses_forged' })).rejects.toThrow(/unauthorized/);
  });

  it('pushes a webhook that reached one instance to an agent connected to the other, and never to another organisation', async () => {
    const agentA = await open(two, { token: tokens.a });
    const agentB = await open(two, { token: tokens.b });
    await webhook(one, 'PN-a', 'wamid.rt1', 'across instances');
    await until(() => agentA.events.some((e) => e.type === 'new:message'));
    const event = agentA.events.find((e) => e.type === 'new:message')!;
    expect((event.data.message as { content: string }).content).toBe('across instances');
    expect(event.seq).toBeGreaterThan(agentA.hello);
    // B hears only its own organisation (its own agents' presence, its own messages), nothing of A's.
    await expectOnlyOwnEvents(agentB, 'wamid.rtb1');
  });

  it('replays what a reconnecting client missed, in order, without gaps or duplicates', async () => {
    const first = await open(one, { token: tokens.a });
    const lastSeen = first.hello;
    first.socket.close();
    for (let i = 0; i < 5; i++) await webhook(two, 'PN-a', `wamid.missed${i}`, `missed ${i}`);
    const again = await open(one, { token: tokens.a, lastSeq: lastSeen });
    await webhook(one, 'PN-a', 'wamid.live', 'live after reconnect');
    await until(() => again.events.some((e) => (e.data.message as { content?: string } | undefined)?.content === 'live after reconnect'));
    const seqs = again.events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => lastSeen + 1 + i));
    const texts = again.events.filter((e) => e.type === 'new:message').map((e) => (e.data.message as { content: string }).content);
    expect(texts).toEqual(['missed 0', 'missed 1', 'missed 2', 'missed 3', 'missed 4', 'live after reconnect']);
  });

  it('broadcasts each live event once, in order, to every agent, also to agents replaying while the events arrive', async () => {
    const live = await Promise.all(Array.from({ length: 4 }, () => open(two, { token: tokens.a })));
    const other = await open(two, { token: tokens.b });
    const from = live[0]!.hello;
    const sends: Promise<void>[] = [];
    const joining: ReturnType<typeof open>[] = [];
    for (let i = 0; i < 12; i++) {
      sends.push(webhook(one, 'PN-a', `wamid.fan${i}`, `fan ${i}`));
      // agents reconnecting from `from` mid-burst: their replay overlaps the live broadcasts
      if (i % 4 === 3) joining.push(open(two, { token: tokens.a, lastSeq: from }));
    }
    await Promise.all(sends);
    const replaying = await Promise.all(joining);
    const { event_seq: last } = await db.db.selectFrom('organizations').select('event_seq').where('name', '=', 'a').executeTakeFirstOrThrow();
    const agents = [...live, ...replaying];
    await until(() => agents.every((a) => a.events.at(-1)?.seq === Number(last)));
    for (const agent of agents) {
      const seqs = agent.events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: Number(last) - from }, (_, i) => from + 1 + i));
      const texts = agent.events.filter((e) => e.type === 'new:message').map((e) => (e.data.message as { content: string }).content);
      expect(texts.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `fan ${i}`).sort());
    }
    await expectOnlyOwnEvents(other, 'wamid.rtb2');
  });

  it('tells a client that fell too far behind to refetch', async () => {
    const client = await open(one, { token: tokens.a, lastSeq: 0 });
    // within the replay limit, seq 0 replays everything; simulate a huge gap instead
    client.socket.close();
    await db.db
      .updateTable('organizations')
      .set((eb) => ({ event_seq: eb('event_seq', '+', 5000) }))
      .where('name', '=', 'a')
      .execute();
    const behind = await open(one, { token: tokens.a, lastSeq: 1 });
    await until(() => behind.events.some((e) => e.type === 'sync:required'));
  });
});
