import type { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventListener, EventStream, StoredEvent } from '../../src/core/realtime/event-stream.ts';
import { attachRealtime } from '../../src/server/realtime/socket-server.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * The socket server's fan-out, against an event stream the test drives: live events are broadcast
 * to the organisation's room once, while the per-socket guarantees hold — a socket still replaying
 * what it missed gets live events only after its replay, never twice, never out of order.
 * (test/integration/realtime.test.ts covers the same end to end, with real webhooks.)
 */

let t: TestApp;
let io: Server;
let url: string;
const sockets: Socket[] = [];
const orgs: { id: number; token: string }[] = [];

/** The committed event log of each organisation, and the stream's controls. */
const log = new Map<number, StoredEvent[]>();
let listener: EventListener | undefined;
let gate: Promise<void> = Promise.resolve();
let replays = 0;
const stream: EventStream = {
  start: async () => undefined,
  stop: async () => undefined,
  subscribe: (l) => {
    listener = l;
    return () => (listener = undefined);
  },
  subscribeAccess: () => () => undefined,
  subscribeActivity: () => () => undefined,
  currentSeq: async (org) => log.get(org)?.at(-1)?.seq ?? 0,
  eventsSince: async (org, seq, limit) => {
    replays++;
    await gate;
    return (log.get(org) ?? []).filter((e) => e.seq > seq).slice(0, limit);
  },
};

/** Commit events up to `upTo` in the log (without notifying). */
function commit(org: number, upTo: number): StoredEvent[] {
  const events = log.get(org) ?? [];
  log.set(org, events);
  const added: StoredEvent[] = [];
  // A stand-in payload (the fan-out passes payloads through unread), so not the contract's message.
  for (let seq = (events.at(-1)?.seq ?? 0) + 1; seq <= upTo; seq++) added.push({ seq, type: 'new:message', payload: { message: { n: seq } } } as unknown as StoredEvent);
  events.push(...added);
  return added;
}
const notify = (org: number, from: number, to: number) =>
  listener!(
    org,
    log.get(org)!.filter((e) => e.seq >= from && e.seq <= to),
  );

function open(auth: Record<string, unknown>): Promise<{ socket: Socket; seqs: number[]; hello: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const seqs: number[] = [];
    socket.on('new:message', (e: { seq: number; message: { n: number } }) => {
      expect(e.message.n).toBe(e.seq);
      seqs.push(e.seq);
    });
    socket.on('hello', (h: { seq: number }) => resolve({ socket, seqs, hello: h.seq }));
    socket.on('connect_error', reject);
  });
}

const until = (cond: () => boolean) => eventually(cond, 'an event on a socket');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['fan-a', 'fan-b']) {
    const o = await t.newOrganization(name);
    orgs.push({ id: o.organizationId, token: o.token });
  }
  // One socket write a turn: every event of a notification is sent in a turn of its own, as each
  // is with 1,000 agents connected (socket-server.ts, WRITES_PER_TURN), not only with that many.
  io = attachRealtime(t.app, stream, { writesPerTurn: 1 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  io?.disconnectSockets(true);
  await t?.close();
});

describe('real-time fan-out', () => {
  it('sends a replaying socket the live events only after its replay, once each, in order; the others get them live', async () => {
    const [a, b] = orgs as [{ id: number; token: string }, { id: number; token: string }];
    commit(a.id, 10);
    const live = await Promise.all([open({ token: a.token }), open({ token: a.token })]);
    const stranger = await open({ token: b.token });
    expect(live.map((l) => l.hello)).toEqual([10, 10]);

    // A socket reconnecting from seq 5; its replay read is held while live events arrive.
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    const before = replays;
    const replaying = await open({ token: a.token, lastSeq: 5 });
    await until(() => replays > before);
    commit(a.id, 12);
    notify(a.id, 11, 12);
    await until(() => live.every((l) => l.seqs.length === 2));
    expect(replaying.seqs).toEqual([]);

    // The replay reads further than the notifications so far (13 and 14 committed, not yet notified).
    commit(a.id, 14);
    release();
    await until(() => replaying.seqs.at(-1) === 14);
    notify(a.id, 13, 14);
    commit(a.id, 15);
    notify(a.id, 15, 15);
    await until(() => [...live, replaying].every((l) => l.seqs.at(-1) === 15));
    // A last event as a barrier (the server sends in the order it emits, and emits in the order it
    // is notified): anything sent twice or out of order is in front of it.
    commit(a.id, 16);
    notify(a.id, 16, 16);
    await until(() => [...live, replaying].every((l) => l.seqs.at(-1) === 16));
    // The other organisation's own first event is its barrier: none of a's came before it.
    commit(b.id, 1);
    notify(b.id, 1, 1);
    await until(() => stranger.seqs.length > 0);

    expect(replaying.seqs).toEqual(range(6, 16));
    for (const l of live) expect(l.seqs).toEqual(range(11, 16));
    expect(stranger.seqs).toEqual([1]);
  });

  it('keeps the order of notifications that arrive while the events of an earlier one are still being sent', async () => {
    // The events of a notification are broadcast over several turns of the event loop
    // (socket-server.ts, pacedFanOut): a later notification waits for the earlier one's last event.
    const [a] = orgs as [{ id: number; token: string }];
    const agent = await open({ token: a.token });
    const from = agent.hello;
    commit(a.id, from + 6);
    notify(a.id, from + 1, from + 4);
    notify(a.id, from + 5, from + 6);
    await until(() => agent.seqs.at(-1) === from + 6);
    expect(agent.seqs).toEqual(range(from + 1, from + 6));
  });

  it('sends nothing a socket was already sent when a notification repeats events', async () => {
    const [a] = orgs as [{ id: number; token: string }];
    const agent = await open({ token: a.token });
    const from = agent.hello;
    commit(a.id, from + 2);
    notify(a.id, from + 1, from + 2);
    notify(a.id, from + 1, from + 2);
    commit(a.id, from + 3);
    notify(a.id, from + 2, from + 3);
    await until(() => agent.seqs.at(-1) === from + 3);
    // A last event as a barrier: a repeat would have been sent in front of it.
    commit(a.id, from + 4);
    notify(a.id, from + 4, from + 4);
    await until(() => agent.seqs.at(-1) === from + 4);
    expect(agent.seqs).toEqual(range(from + 1, from + 4));
  });
});
