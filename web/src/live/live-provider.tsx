import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useMe } from '../app/session.tsx';
import { INITIAL_SEQ, liveStatus, type LiveStatus, type SeqState } from '../lib/live-seq.ts';
import { createLiveCache } from './live-cache.ts';
import type { LiveEvent, LiveHandler, Socket } from './live-events.ts';
import { openLiveSocket } from './live-socket.ts';

interface LiveValue {
  status: LiveStatus;
  connected: boolean;
  subscribe: (handler: LiveHandler) => () => void;
  /** Follow one conversation (re-sent after every reconnect). */
  join: (conversationId: number) => void;
  leave: (conversationId: number) => void;
  /** The socket itself, for what is not an event of the log (presence activity, who views or types where). */
  socket: () => Socket | null;
}

const LiveContext = createContext<LiveValue | null>(null);

/** Subscribers, each event to each once; a handler's promise (a refetch) is handed back. */
function useHandlers() {
  const handlers = useRef(new Set<LiveHandler>());
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
  const subscribe = useCallback((handler: LiveHandler) => {
    handlers.current.add(handler);
    return () => void handlers.current.delete(handler);
  }, []);
  return { dispatch, subscribe };
}

/** The query cache is the first subscriber: live events keep lists, threads and details current. */
function useLiveCache(subscribe: (handler: LiveHandler) => () => void): void {
  const queryClient = useQueryClient();
  const meId = useMe().id;
  useEffect(() => {
    const cache = createLiveCache(queryClient, meId);
    const off = subscribe(cache.apply);
    return () => {
      off();
      cache.dispose();
    };
  }, [queryClient, meId, subscribe]);
}

/**
 * One live connection per signed-in tab (live-socket.ts). Its events feed the query cache
 * (live-cache.ts) and any other subscriber; `resync` refetches, and the indicator says "behind"
 * until that has settled.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { dispatch, subscribe } = useHandlers();
  useLiveCache(subscribe);
  const seq = useRef<SeqState>(INITIAL_SEQ);
  const joined = useRef<number | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const [connected, setConnected] = useState(false);
  const [catchingUp, setCatchingUp] = useState(false);
  const [resyncing, setResyncing] = useState(0);

  useEffect(() => {
    const onResync = (reason: string) => {
      setResyncing((n) => n + 1);
      void Promise.allSettled(dispatch({ type: 'resync', reason })).then(() => setResyncing((n) => n - 1));
    };
    const live = openLiveSocket({ seq, onConnected: setConnected, onCatchingUp: setCatchingUp, onEvent: dispatch, onResync, joined: () => joined.current });
    socketRef.current = live.socket;
    return () => {
      live.close();
      socketRef.current = null;
    };
  }, [dispatch]);

  const join = useCallback((conversationId: number) => {
    joined.current = conversationId;
    socketRef.current?.emit('conversation:join', { conversationId });
  }, []);
  const leave = useCallback((conversationId: number) => {
    if (joined.current === conversationId) joined.current = null;
    socketRef.current?.emit('conversation:leave', { conversationId });
  }, []);

  const socket = useCallback(() => socketRef.current, []);
  const status = liveStatus(connected, catchingUp, resyncing > 0);
  const value = useMemo(() => ({ status, connected, subscribe, join, leave, socket }), [status, connected, subscribe, join, leave, socket]);
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
