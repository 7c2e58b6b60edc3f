import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { checkSession } from '../api/auth-api.ts';
import { ApiError } from '../api/http.ts';
import { giveUpCatchUp, handshakeAuth, INITIAL_SEQ, liveStatus, onEvent, onHello, onSyncRequired, type LiveStatus, type SeqState } from '../lib/live-seq.ts';
import { SERVER_EVENT_TYPES, toServerEvent, type LiveEvent, type LiveHandler } from './live-events.ts';

interface LiveValue {
  status: LiveStatus;
  connected: boolean;
  subscribe: (handler: LiveHandler) => () => void;
  /** Follow one conversation (re-sent after every reconnect). */
  join: (conversationId: number) => void;
  leave: (conversationId: number) => void;
}

const LiveContext = createContext<LiveValue | null>(null);

/** A replay that has not finished after this long is not coming: stop saying "behind". */
const CATCH_UP_PATIENCE_MS = 5000;

/**
 * One socket.io connection per signed-in tab, authenticated by the session cookie. It hands
 * each event to the subscribers once and in order (lib/live-seq.ts), and reconnects with the
 * last seq it applied so the server replays what was missed.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const handlers = useRef(new Set<LiveHandler>());
  const seq = useRef<SeqState>(INITIAL_SEQ);
  const joined = useRef<number | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const [connected, setConnected] = useState(false);
  const [catchingUp, setCatchingUp] = useState(false);
  const [resyncing, setResyncing] = useState(0);

  const dispatch = useCallback((event: LiveEvent) => {
    const pending: Promise<unknown>[] = [];
    for (const h of handlers.current) {
      try {
        const r = h(event);
        if (r) pending.push(r);
      } catch (err) {
        console.error('live event handler failed', err);
      }
    }
    return pending;
  }, []);

  const resync = useCallback(
    (reason: string) => {
      setResyncing((n) => n + 1);
      void Promise.allSettled(dispatch({ type: 'resync', reason })).then(() => setResyncing((n) => n - 1));
    },
    [dispatch],
  );

  useEffect(() => {
    let catchUpTimer: number | undefined;
    let retryTimer: number | undefined;
    const setSeq = (next: SeqState) => {
      seq.current = next;
      setCatchingUp(next.catchUpTo !== null);
      window.clearTimeout(catchUpTimer);
      if (next.catchUpTo !== null) {
        catchUpTimer = window.setTimeout(() => setSeq(giveUpCatchUp(seq.current)), CATCH_UP_PATIENCE_MS);
      }
    };

    // `auth` as a function is read on every connection attempt: each reconnect carries the
    // latest lastSeq without having to update socket.auth by hand.
    const socket = io({
      path: '/socket.io',
      withCredentials: true,
      auth: (cb) => cb(handshakeAuth(seq.current)),
    });
    socketRef.current = socket;

    socket.on('connect', () => {
      setConnected(true);
      if (joined.current !== null) socket.emit('conversation:join', { conversationId: joined.current });
    });
    socket.on('disconnect', (reason) => {
      setConnected(false);
      // The server closed it on purpose (e.g. the session ended): socket.io will not retry by itself.
      if (reason === 'io server disconnect') retryTimer = window.setTimeout(() => socket.connect(), 2000);
    });
    // Access ended (signed out elsewhere, session ended by an admin, user disabled, password
    // changed on another device): asking who we are now gets the 401 that leads to the login page.
    socket.on('session:ended', () => void checkSession().catch(() => undefined));
    socket.on('connect_error', (err) => {
      setConnected(false);
      if (socket.active) return; // socket.io retries by itself
      // Refused by the server's middleware: signed out (the 401 handler takes us to the login page) or not ready yet.
      checkSession().then(
        () => (retryTimer = window.setTimeout(() => socket.connect(), 5000)),
        (e: unknown) => {
          if (!(e instanceof ApiError && e.status === 401)) retryTimer = window.setTimeout(() => socket.connect(), 5000);
        },
      );
      console.warn('live connection refused:', err.message);
    });

    socket.on('hello', (payload: { seq?: unknown }) => {
      if (typeof payload?.seq !== 'number') return;
      const { state, outcome } = onHello(seq.current, payload.seq);
      setSeq(state);
      if (outcome === 'first') resync('connected');
      else if (outcome === 'reset') resync('the server’s event counter restarted');
    });
    socket.on('sync:required', (payload: { reason?: unknown }) => {
      setSeq(onSyncRequired(seq.current));
      resync(typeof payload?.reason === 'string' ? payload.reason : 'too far behind');
    });
    for (const type of SERVER_EVENT_TYPES) {
      socket.on(type, (payload: unknown) => {
        const event = toServerEvent(type, payload);
        if (!event) return;
        const { state, accept } = onEvent(seq.current, event.seq);
        if (!accept) return;
        setSeq(state);
        dispatch(event);
      });
    }

    return () => {
      window.clearTimeout(catchUpTimer);
      window.clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [dispatch, resync]);

  const subscribe = useCallback((handler: LiveHandler) => {
    handlers.current.add(handler);
    return () => void handlers.current.delete(handler);
  }, []);

  const join = useCallback((conversationId: number) => {
    joined.current = conversationId;
    socketRef.current?.emit('conversation:join', { conversationId });
  }, []);

  const leave = useCallback((conversationId: number) => {
    if (joined.current === conversationId) joined.current = null;
    socketRef.current?.emit('conversation:leave', { conversationId });
  }, []);

  const status = liveStatus(connected, catchingUp, resyncing > 0);
  const value = useMemo(() => ({ status, connected, subscribe, join, leave }), [status, connected, subscribe, join, leave]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive outside LiveProvider');
  return value;
}

/** Subscribe for the component's lifetime; the latest handler is always the one called. */
export function useLiveEvents(handler: LiveHandler): void {
  const { subscribe } = useLive();
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe((e) => latest.current(e)), [subscribe]);
}
