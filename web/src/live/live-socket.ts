import { checkSession } from '../api/auth-api.ts';
import { ApiError } from '../api/http.ts';
import { giveUpCatchUp, handshakeAuth, onEvent, onHello, onSyncRequired, type SeqState } from '../lib/live-seq.ts';
import { io, SERVER_EVENT_TYPES, toServerEvent, type ServerEvent, type Socket } from './live-events.ts';

/** A replay that has not finished after this long is not coming: stop saying "behind". */
const CATCH_UP_PATIENCE_MS = 5000;

export interface LiveSocketHooks {
  /** Where the tab is in the organisation's event sequence (kept across reconnects). */
  seq: { current: SeqState };
  onConnected: (connected: boolean) => void;
  onCatchingUp: (catchingUp: boolean) => void;
  /** Each server event once and in order. */
  onEvent: (event: ServerEvent) => void;
  /** What the tab holds can no longer be trusted: refetch. */
  onResync: (reason: string) => void;
  /** The conversation to (re)join after every connect. */
  joined: () => number | null;
}

/**
 * One socket.io connection, authenticated by the session cookie. It reconnects with the last
 * seq applied (`auth` as a function is read on every attempt), so the server replays what was
 * missed, and hands each event on once (lib/live-seq.ts). Returns the socket and its closer.
 */
export function openLiveSocket(hooks: LiveSocketHooks): { socket: Socket; close: () => void } {
  const timers = { catchUp: undefined as number | undefined, retry: undefined as number | undefined };
  const setSeq = (next: SeqState) => {
    hooks.seq.current = next;
    hooks.onCatchingUp(next.catchUpTo !== null);
    window.clearTimeout(timers.catchUp);
    if (next.catchUpTo !== null) timers.catchUp = window.setTimeout(() => setSeq(giveUpCatchUp(hooks.seq.current)), CATCH_UP_PATIENCE_MS);
  };
  const socket = io({ path: '/socket.io', withCredentials: true, auth: (cb) => cb(handshakeAuth(hooks.seq.current)) });
  const retryIn = (ms: number) => (timers.retry = window.setTimeout(() => socket.connect(), ms));
  watchConnection(socket, hooks, retryIn);
  watchSequence(socket, hooks, setSeq);
  const close = () => {
    window.clearTimeout(timers.catchUp);
    window.clearTimeout(timers.retry);
    socket.removeAllListeners();
    socket.disconnect();
  };
  return { socket, close };
}

function watchConnection(socket: Socket, hooks: LiveSocketHooks, retryIn: (ms: number) => void): void {
  socket.on('connect', () => {
    hooks.onConnected(true);
    const joined = hooks.joined();
    if (joined !== null) socket.emit('conversation:join', { conversationId: joined });
  });
  socket.on('disconnect', (reason) => {
    hooks.onConnected(false);
    // The server closed it on purpose (e.g. the session ended): socket.io will not retry by itself.
    if (reason === 'io server disconnect') retryIn(2000);
  });
  // Access ended (signed out elsewhere, session ended by an admin, user disabled, password
  // changed on another device): asking who we are now gets the 401 that leads to the login page.
  socket.on('session:ended', () => void checkSession().catch(() => undefined));
  socket.on('connect_error', (err) => {
    hooks.onConnected(false);
    if (socket.active) return; // socket.io retries by itself
    // Refused by the server's middleware: signed out (the 401 handler takes us to the login page) or not ready yet.
    checkSession().then(
      () => retryIn(5000),
      (e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) retryIn(5000);
      },
    );
    console.warn('live connection refused:', err.message);
  });
}

function watchSequence(socket: Socket, hooks: LiveSocketHooks, setSeq: (next: SeqState) => void): void {
  socket.on('hello', (payload: { seq?: unknown }) => {
    if (typeof payload?.seq !== 'number') return;
    const { state, outcome } = onHello(hooks.seq.current, payload.seq);
    setSeq(state);
    if (outcome === 'first') hooks.onResync('connected');
    else if (outcome === 'reset') hooks.onResync('the server’s event counter restarted');
  });
  socket.on('sync:required', (payload: { reason?: unknown }) => {
    setSeq(onSyncRequired(hooks.seq.current));
    hooks.onResync(typeof payload?.reason === 'string' ? payload.reason : 'too far behind');
  });
  for (const type of SERVER_EVENT_TYPES) {
    socket.on(type, (payload: unknown) => {
      const event = toServerEvent(type, payload);
      if (!event) return;
      const { state, accept } = onEvent(hooks.seq.current, event.seq);
      if (!accept) return;
      setSeq(state);
      hooks.onEvent(event);
    });
  }
}
