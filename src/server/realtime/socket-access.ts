import type { LiveServer, LiveSocket } from './socket-server.ts';
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../../config/config.ts';
import { endedReasons, tokenDeadlines, type Principal, type TokenPolicy } from '../../core/accounts/auth-tokens.ts';
import type { Db } from '../../db/database.ts';
import { revokes } from '../../core/realtime/access-revocations.ts';
import type { EventStream } from '../../core/realtime/event-stream.ts';
import { isOwnOrigin } from '../plugins/require-same-origin.ts';

/**
 * May a Socket.IO handshake with these headers go on? A browser always sends `Origin` on a
 * WebSocket handshake and on a cross-origin request, so a page of another site holding the
 * user's cookie (cross-site WebSocket hijacking) is refused; a client that sends none is not a
 * browser acting for another site (a script with an API token, same-origin long-polling GETs).
 * Allowed: PUBLIC_URL's origin, and — in development, or when PUBLIC_URL is not set — the origin
 * the page was served from (the Host the request names; cookies for snorq's host are only sent
 * with a request to that host, so a rebinding page gains nothing from it).
 */
export function originAllowed(headers: IncomingHttpHeaders, config: Config): boolean {
  // The same notion of "snorq's own pages" as the CSRF check of cookie-authenticated requests.
  return headers.origin === undefined || isOwnOrigin(config, headers);
}

/** Tell the client why (the web app goes to the sign-in page), then close the connection. */
function endConnection(socket: LiveSocket, reason: string): void {
  socket.emit('session:ended', { reason });
  socket.disconnect(true);
}

// setTimeout fires at once for delays above 2^31-1 ms (~24.8 days).
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * A connection lasts only while the token it was opened with still grants access:
 * - a revocation announced on any instance (sign-out, revoked token or session, disabled user,
 *   new password) ends the connections it concerns at once;
 * - each connection's own deadline (expiry, end of idle time) is a timer that re-checks the token
 *   and ends the connection unless the session was used meanwhile;
 * - every `recheckMs` (and when the LISTEN connection comes back), one query re-checks every
 *   token held by this instance's connections: nothing missed lasts longer than that.
 */
export function guardSocketAccess(io: LiveServer, stream: EventStream, deps: { db: Db; policy: TokenPolicy; recheckMs: number; log: { warn(o: object, m: string): void } }) {
  const timers = new Map<string, NodeJS.Timeout>();
  const principalOf = (socket: LiveSocket) => (socket.data as { principal?: Principal }).principal;
  const sockets = () => io.of('/').sockets;

  const schedule = (socket: LiveSocket, deadline: Date | null) => {
    clearTimeout(timers.get(socket.id));
    timers.delete(socket.id);
    if (!deadline || socket.disconnected) return;
    // At least a second: with the database's clock a little behind ours, a deadline just passed
    // here is not passed there yet, and re-checking at once would spin until it is.
    const delay = Math.min(MAX_DELAY_MS, Math.max(1000, deadline.getTime() - Date.now()));
    timers.set(
      socket.id,
      setTimeout(() => void recheck([socket]), delay),
    );
  };

  const recheck = async (of: LiveSocket[]) => {
    const tokenIds = [...new Set(of.map((s) => principalOf(s)?.tokenId).filter((id): id is number => id !== undefined))];
    try {
      const valid = await tokenDeadlines(deps.db, tokenIds, deps.policy);
      const reasons = await endedReasons(
        deps.db,
        tokenIds.filter((id) => !valid.has(id)),
      );
      for (const socket of of) {
        const tokenId = principalOf(socket)?.tokenId;
        if (tokenId === undefined || socket.disconnected) continue;
        const ended = reasons.get(tokenId);
        if (ended) endConnection(socket, ended);
        else schedule(socket, valid.get(tokenId) ?? null);
      }
    } catch (err) {
      deps.log.warn({ err }, 'could not re-check the tokens of live connections');
      // Try the ones whose deadline fired again at the next periodic pass.
    }
  };
  const recheckAll = () => recheck([...sockets().values()]);

  const unsubscribe = stream.subscribeAccess((change) => {
    if (change === 'recheck') return void recheckAll();
    for (const socket of sockets().values()) {
      const principal = principalOf(socket);
      if (principal && revokes(change, principal)) endConnection(socket, change.reason);
    }
  });
  const interval = setInterval(() => void recheckAll(), deps.recheckMs);
  interval.unref();

  return {
    /** A connection just opened: watch its deadline. */
    watch(socket: LiveSocket) {
      schedule(socket, principalOf(socket)?.validUntil ?? null);
      socket.on('disconnect', () => {
        clearTimeout(timers.get(socket.id));
        timers.delete(socket.id);
      });
    },
    recheckAll,
    stop() {
      unsubscribe();
      clearInterval(interval);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
