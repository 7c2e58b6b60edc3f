import type { Principal } from '../../core/accounts/auth-tokens.ts';
import type { ActivityChannel } from '../../core/presence/activity-channel.ts';
import { createRateGate } from '../../core/presence/rate-gate.ts';
import type { PlatformTyping } from '../../core/typing/platform-typing.ts';
import type { Db } from '../../db/database.ts';
import type { LiveServer, LiveSocket } from './socket-server.ts';

/** A client may announce typing at most this often (it sends every few seconds while typing)… */
const TYPING_INTERVAL_MS = 1000;
/** …and viewing at most this often (it repeats it while the conversation stays open). */
const VIEWING_INTERVAL_MS = 5000;

/**
 * Collision warnings: who is viewing or typing in a conversation, relayed to the sockets that
 * joined it on every instance (activity-channel.ts), never stored. A socket announces only in
 * conversations of its own organisation (checked once per conversation), within a rate limit;
 * leaving or disconnecting announces `left`. Typing is also shown to the customer (`platformTyping`).
 */
export function attachConversationActivity(io: LiveServer, deps: { db: Db; channel: ActivityChannel; log: { warn(o: object, m: string): void }; platformTyping?: PlatformTyping }): () => void {
  const { db, channel, log } = deps;
  const gate = createRateGate(TYPING_INTERVAL_MS);
  const viewingGate = createRateGate(VIEWING_INTERVAL_MS);
  const announce = (conversationId: number, userId: number, kind: 'viewing' | 'typing' | 'left') =>
    channel.announce({ conversationId, userId, kind, at: new Date().toISOString() }).catch((err: unknown) => log.warn({ err }, 'announcing activity failed'));

  io.on('connection', (socket: LiveSocket) => {
    const principal = (socket.data as { principal?: Principal }).principal;
    if (!principal) return;
    /** Conversations of this socket's organisation it announced in (and so must leave). */
    const owned = new Set<number>();
    const owns = async (id: number) => {
      if (owned.has(id)) return true;
      const row = await db.selectFrom('conversations').select('id').where('id', '=', id).where('organization_id', '=', principal.organizationId).executeTakeFirst();
      if (row) owned.add(id);
      return !!row;
    };
    socket.on('conversation:activity', async (msg: { conversationId?: unknown; kind?: unknown }) => {
      const id = Number(msg?.conversationId);
      const kind = msg?.kind;
      if (!Number.isInteger(id) || id <= 0 || (kind !== 'typing' && kind !== 'viewing')) return;
      const key = `${socket.id}:${id}:${kind}`;
      if (!(kind === 'typing' ? gate : viewingGate).pass(key)) return;
      if (!(await owns(id).catch(() => false))) return;
      // The customer sees "typing…" too, where the platform shows it (rate-limited per conversation there).
      if (kind === 'typing') void deps.platformTyping?.agentTyping(principal.organizationId, id);
      await announce(id, principal.userId, kind);
    });
    socket.on('conversation:leave', (msg: { conversationId?: unknown }) => {
      const id = Number(msg?.conversationId);
      if (!owned.delete(id)) return;
      gate.forget(`${socket.id}:${id}:`);
      viewingGate.forget(`${socket.id}:${id}:`);
      void announce(id, principal.userId, 'left');
    });
    socket.on('disconnect', () => {
      gate.forget(`${socket.id}:`);
      viewingGate.forget(`${socket.id}:`);
      for (const id of owned) void announce(id, principal.userId, 'left');
    });
  });

  return channel.subscribe((activity) => io.to(`conversation:${activity.conversationId}`).emit('conversation:activity', activity));
}
