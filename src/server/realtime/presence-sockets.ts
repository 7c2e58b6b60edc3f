import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../../core/accounts/auth-tokens.ts';
import type { Db } from '../../db/database.ts';
import { addConnection, removeConnection, removeInstance, setConnectionActive, sweepStaleConnections, vouchForInstance } from '../../core/presence/presence-connections.ts';
import { refreshPresence, type PresenceUser } from '../../core/presence/presence-store.ts';
import { coalescing } from './coalesce.ts';
import type { LiveServer, LiveSocket } from './socket-server.ts';

export interface PresenceTracker {
  /** This instance's id in `presence_connections`. */
  instanceId: string;
  /** Vouch for this instance's sockets and turn offline the agents no instance holds any more (also run every heartbeat). */
  sweep(): Promise<void>;
  /** Before the database closes: this instance's sockets are gone. */
  stop(): Promise<void>;
}

interface Deps {
  db: Db;
  heartbeatSeconds: number;
  log: { warn(o: object, m: string): void };
}

/**
 * Agents' automatic presence from their live sockets, on every instance: each signed-in tab's
 * socket is a row of `presence_connections` (with whether the tab is in use, as it reports with
 * `presence:activity`), removed when it disconnects. After each change the agent's presence is
 * worked out again (src/core/presence/presence-store.ts), which logs `presence:updated` when it
 * moved. Each instance vouches for its rows every heartbeat; rows of an instance silent for three
 * heartbeats are dropped by whichever instance sweeps next. API-token sockets (integrations) do
 * not make anyone present.
 */
export function attachPresence(io: LiveServer, deps: Deps): PresenceTracker {
  const { db, log } = deps;
  const instanceId = randomUUID();
  const staleAfter = deps.heartbeatSeconds * 3;
  /** Each socket's changes in order (connect, activity, disconnect). */
  const chains = new Map<string, Promise<void>>();
  // One user's tabs connecting or closing together work out their presence once more, not once each.
  const refresh = coalescing(
    (user: PresenceUser) => `${user.organizationId}:${user.userId}`,
    (user) => refreshPresence(db, user, staleAfter),
  );
  // A change that failed is tried again (after 1, 2, 4 … s, at most a heartbeat apart, eight
  // tries in all): a database error that passes (a pooled connection not had within its 5 s on a
  // loaded machine, a restart) must not leave an agent announced offline while their tab is open,
  // or online after it went idle, until their next change. It was only logged. The socket's later
  // changes wait behind it, so they still apply in order; one that keeps failing gives up.
  const stopping = new AbortController();
  const TRIES = 8;
  const firstRetryMs = 1000;
  const lastRetryMs = deps.heartbeatSeconds * 1000;
  const untilItHolds = async (work: () => Promise<unknown>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        return;
      } catch (err) {
        if (stopping.signal.aborted || attempt === TRIES) throw err;
        log.warn({ err, attempt }, 'presence change failed; trying it again');
        await sleep(Math.min(firstRetryMs * 2 ** (attempt - 1), lastRetryMs), undefined, { signal: stopping.signal, ref: false });
      }
    }
  };
  const queue = (socketId: string, work: () => Promise<unknown>) => {
    const next = (chains.get(socketId) ?? Promise.resolve()).then(() => untilItHolds(work)).catch((err: unknown) => log.warn({ err }, 'presence change failed'));
    chains.set(socketId, next);
    return next;
  };

  io.on('connection', (socket: LiveSocket) => {
    const principal = (socket.data as { principal?: Principal }).principal;
    if (!principal || principal.kind !== 'session') return;
    const user = { organizationId: principal.organizationId, userId: principal.userId };
    let active = socket.handshake.auth?.active !== false;
    void queue(socket.id, async () => {
      await addConnection(db, { ...user, instanceId, socketId: socket.id, active });
      await refresh(user);
    });
    socket.on('presence:activity', (msg: { active?: unknown }) => {
      if (typeof msg?.active !== 'boolean' || msg.active === active) return;
      active = msg.active;
      const now = active;
      void queue(socket.id, async () => {
        await setConnectionActive(db, instanceId, socket.id, now);
        await refresh(user);
      });
    });
    socket.on('disconnect', () => {
      void queue(socket.id, async () => {
        await removeConnection(db, instanceId, socket.id);
        await refresh(user);
      }).finally(() => chains.delete(socket.id));
    });
  });

  const sweep = async () => {
    await vouchForInstance(db, instanceId);
    for (const user of await sweepStaleConnections(db, staleAfter)) await refresh(user);
  };
  const timer = setInterval(() => void sweep().catch((err: unknown) => log.warn({ err }, 'presence sweep failed')), deps.heartbeatSeconds * 1000);
  timer.unref();

  return {
    instanceId,
    sweep,
    async stop() {
      clearInterval(timer);
      // Changes still being tried again give up: this instance's rows are removed next anyway.
      stopping.abort();
      await Promise.all(chains.values());
      for (const user of await removeInstance(db, instanceId)) await refresh(user).catch((err: unknown) => log.warn({ err }, 'presence change failed'));
    },
  };
}
