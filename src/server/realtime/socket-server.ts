import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { authenticateToken, type Principal } from '../../core/accounts/auth-tokens.ts';
import type { ClientToServerEvents, LiveEventMessage, LiveEventType, ServerToClientEvents } from '../../contract/realtime.ts';
import type { EventStream, StoredEvent } from '../../core/realtime/event-stream.ts';
import { SESSION_COOKIE, tokenPolicy } from '../plugins/authenticate.ts';
import { guardSocketAccess, originAllowed } from './socket-access.ts';

/** Socket.IO typed by the contract's live events: what is emitted must have the events' shapes. */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** A client further behind than this refetches instead of replaying. */
export const MAX_REPLAY = 1000;

interface SocketState {
  principal: Principal;
  /** The last seq this socket was sent; live events at or below it are not sent again. */
  lastSent: number;
  /** Live events that arrived while the replay was still being read. */
  pending: StoredEvent[] | null;
}

/**
 * Socket.IO on the app's HTTP server. A client authenticates with its session cookie or
 * `auth.token`, joins `org:<id>`, and may join the conversations it opens. Every event carries its
 * organisation sequence number; a client reconnecting with `auth.lastSeq` is sent what it missed,
 * in order, before anything live, and never an event twice.
 */
export function attachRealtime(app: FastifyInstance, stream: EventStream, options: { writesPerTurn?: number } = {}): LiveServer {
  const { config, db } = app.ctx;
  const io: LiveServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    transports: ['websocket', 'polling'],
    // Refused before any Socket.IO packet: a page of another site cannot open a socket with the user's cookie.
    allowRequest: (req, callback) => (originAllowed(req.headers, config) ? callback(null, true) : callback('ORIGIN_MISMATCH', false)),
  });
  const access = guardSocketAccess(io, stream, { db, policy: tokenPolicy(config), recheckMs: config.SOCKET_RECHECK_SECONDS * 1000, log: app.log });
  app.server.once('close', () => access.stop());

  io.use(async (socket, next) => {
    try {
      const token = tokenOfHandshake(socket);
      const principal = token ? await authenticateToken(db, token, tokenPolicy(config)) : null;
      if (!principal) return next(new Error('unauthorized'));
      socket.data = { principal, lastSent: 0, pending: [] } satisfies SocketState;
      next();
    } catch {
      next(new Error('unavailable'));
    }
  });

  io.on('connection', async (socket) => {
    const state = socket.data as SocketState;
    const org = state.principal.organizationId;
    access.watch(socket);
    await socket.join(`org:${org}`);
    // What a client sends is not trusted to have the contract's shape: checked here.
    socket.on('conversation:join', async (msg: { conversationId?: unknown }, ack?: (r: { ok: boolean }) => void) => {
      const id = Number(msg?.conversationId);
      const owned = Number.isInteger(id) && (await db.selectFrom('conversations').select('id').where('id', '=', id).where('organization_id', '=', org).executeTakeFirst());
      if (owned) await socket.join(`conversation:${id}`);
      ack?.({ ok: !!owned });
    });
    socket.on('conversation:leave', async (msg: { conversationId?: unknown }) => {
      await socket.leave(`conversation:${Number(msg?.conversationId)}`);
    });

    try {
      const current = await stream.currentSeq(org);
      const lastSeq = Number(socket.handshake.auth?.lastSeq);
      socket.emit('hello', { seq: current });
      if (Number.isInteger(lastSeq) && lastSeq >= 0 && lastSeq < current) {
        if (current - lastSeq > MAX_REPLAY) {
          socket.emit('sync:required', { reason: `missed ${current - lastSeq} events; reload the inbox` });
          state.lastSent = current;
        } else {
          state.lastSent = lastSeq;
          for (const e of await stream.eventsSince(org, lastSeq, MAX_REPLAY)) send(socket, state, e);
        }
      } else {
        state.lastSent = current;
      }
      const buffered = state.pending ?? [];
      state.pending = null;
      for (const e of buffered) send(socket, state, e);
    } catch {
      socket.emit('sync:required', { reason: 'could not read missed events; reload the inbox' });
      state.pending = null;
    }
  });

  const fanOut = pacedFanOut(io, app.log, options.writesPerTurn ?? WRITES_PER_TURN);
  stream.subscribe((organizationId, events) => fanOut(organizationId, events));
  return io;
}

/**
 * At most this many socket writes in one turn of the event loop, then a turn of its own
 * (setImmediate) before the next event: each socket's write completes, and its garbage dies
 * young, before more are written. Broadcast in one synchronous loop, a batch of N events to 1,000
 * sockets kept every socket's write of the first event (its buffered chunks, writev arrays,
 * after-write callbacks: pending until the next tick) and N−1 queued Socket.IO packets each alive
 * at once, megabytes that outlived two scavenges and were promoted to the old generation — 33 of
 * the 39 MB the burst of bench/memory.ts promoted (bench/FINDINGS.md, "Memory, 3 December,
 * night"). A turn per event whatever the audience held the 10 agents of the realtime benchmark to
 * a few hundred events a second on a busy loop, hence a budget of writes, not of events; and each
 * turn costs: with 1,000 agents, 1,000 writes a turn took snorq's CPU for the burst from ~1.0 s to
 * ~1.7 s, 4,000 (four events a turn) to ~1.35 s, its old generation at the peak as small.
 */
const WRITES_PER_TURN = 4000;

/** The events of each notification broadcast in order per organisation, `writesPerTurn` socket writes a turn. */
function pacedFanOut(io: LiveServer, log: { warn(o: object, m: string): void }, writesPerTurn: number): (organizationId: number, events: StoredEvent[]) => void {
  const chains = new Map<number, Promise<void>>();
  // Writes since the last wait; not reset when a turn ends by itself, so a small audience waits a
  // turn now and then for nothing (10 agents: once every 100 events).
  let written = 0;
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return (organizationId, events) => {
    // In order per organisation: a notification's events wait for the earlier one's last event.
    const next = (chains.get(organizationId) ?? Promise.resolve()).then(async () => {
      for (const event of events) {
        if (written >= writesPerTurn) {
          await nextTurn();
          written = 0;
        }
        written += broadcast(io, organizationId, event);
      }
    });
    const tail = next.catch((err: unknown) => log.warn({ err, organizationId }, 'broadcasting events failed'));
    chains.set(organizationId, tail);
    void tail.then(() => {
      if (chains.get(organizationId) === tail) chains.delete(organizationId);
    });
  };
}

/**
 * A live event to an organisation's room: encoded once (and framed once for the WebSocket
 * transport) and the same bytes written to every socket that should have it — encoding it per
 * socket cost a string and a frame per agent, ~130 MB at 1,000 agents during a burst. The
 * per-socket guarantees stay: a socket still replaying missed events gets the event in its
 * `pending` queue instead, and a socket that was already sent this seq (its replay reached further
 * than this notification) is left out; both are excluded from the broadcast by their socket id
 * (each socket is in a room of its own id). Answers how many sockets it was written to.
 */
function broadcast(io: LiveServer, organizationId: number, event: StoredEvent): number {
  const nsp = io.of('/');
  const room = `org:${organizationId}`;
  const members = nsp.adapter.rooms.get(room);
  if (!members) return 0;
  const except: string[] = [];
  let recipients = 0;
  for (const id of members) {
    const state = nsp.sockets.get(id)?.data as SocketState | undefined;
    if (!state) continue;
    if (state.pending) {
      state.pending.push(event);
      except.push(id);
    } else if (event.seq <= state.lastSent) {
      except.push(id);
    } else {
      state.lastSent = event.seq;
      recipients++;
    }
  }
  if (recipients > 0) {
    const [type, message] = liveMessage(event);
    nsp
      .to(room)
      .except(except)
      .emit(type, message as never);
  }
  return recipients;
}

function send(socket: LiveSocket, state: SocketState, event: StoredEvent): void {
  if (event.seq <= state.lastSent) return;
  state.lastSent = event.seq;
  const [type, message] = liveMessage(event);
  socket.emit(type, message as never);
}

type LiveMessage = { [K in LiveEventType]: [K, LiveEventMessage<K>] }[LiveEventType];

/**
 * A stored event as Socket.IO sends it: its name, then its payload with its seq. The log's type
 * pairs each name with its payload; TypeScript cannot carry that pairing into Socket.IO's generic
 * `emit` (hence `as never` at the two calls), so it is stated once, here.
 */
function liveMessage(event: StoredEvent): LiveMessage {
  return [event.type, { seq: event.seq, ...event.payload }] as LiveMessage;
}

function tokenOfHandshake(socket: LiveSocket): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string') return auth.token;
  const header = socket.handshake.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const cookie = socket.handshake.headers.cookie ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(SESSION_COOKIE.length + 1)) : undefined;
}
