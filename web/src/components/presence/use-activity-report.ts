import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { getMyPresence } from '../../api/presence-api.ts';
import { useLive } from '../../live/live-provider.tsx';
import { createActivityMonitor } from './activity-monitor.ts';

const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

export const myPresenceKey = ['me-presence'] as const;

/**
 * Tell the server whether this tab is in use (`presence:activity`), on each change and after
 * every reconnect: the agent's automatic presence follows their tabs. The idle time is the
 * server's (PRESENCE_IDLE_SECONDS).
 */
export function useActivityReport(): void {
  const { socket, connected } = useLive();
  const { data } = useQuery({ queryKey: myPresenceKey, queryFn: getMyPresence });
  const idleMs = (data?.idleAfterSeconds ?? 300) * 1000;
  const active = useRef(true);

  useEffect(() => {
    const report = (now: boolean) => {
      active.current = now;
      socket()?.emit('presence:activity', { active: now });
    };
    const monitor = createActivityMonitor(idleMs, report, { now: Date.now, setTimer: (fn, ms) => window.setTimeout(fn, ms), clearTimer: (id) => window.clearTimeout(id) });
    const touch = () => monitor.touch();
    const onVisibility = () => {
      if (!document.hidden) monitor.touch();
    };
    for (const type of INPUTS) window.addEventListener(type, touch, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      monitor.dispose();
      for (const type of INPUTS) window.removeEventListener(type, touch, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [idleMs, socket]);

  // A new connection starts as "in use" on the server: say how it really is.
  useEffect(() => {
    if (connected && !active.current) socket()?.emit('presence:activity', { active: false });
  }, [socket, connected]);
}
