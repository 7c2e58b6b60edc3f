import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';

/**
 * Access taken away (sign-out, a revoked token or session, a disabled user, a changed password)
 * must end the live connections that rely on it on every instance, not only on the one that
 * handled the request. Instances already LISTEN on PostgreSQL for events (event-stream.ts); this
 * is a second channel on that same connection. Notifications arrive in commit order with the
 * event notifications, so an event committed after the revocation reaches no revoked socket.
 * A notification missed while the LISTEN connection was down is made up for by re-checking every
 * socket when it comes back, and by the periodic re-check (SOCKET_RECHECK_SECONDS).
 */
export const ACCESS_NOTIFY_CHANNEL = 'snorq_access';

export const AccessRevokedSchema = z.object({
  organizationId: z.number().int(),
  /** These tokens (sign-out, a revoked token or session). */
  tokenIds: z.array(z.number().int()).optional(),
  /** Every token of this user (disabled, password changed or reset)… */
  userId: z.number().int().optional(),
  /** …but this one (the session that changed its own password stays)… */
  exceptTokenId: z.number().int().optional(),
  /** …and only their sessions (a new password does not revoke API tokens). */
  sessionsOnly: z.boolean().optional(),
  reason: z.string().max(100),
});
export type AccessRevoked = z.infer<typeof AccessRevokedSchema>;

/** Tell every instance (this one included) to end the connections this revocation concerns. */
export async function announceAccessRevoked(db: Db, revoked: AccessRevoked): Promise<void> {
  await sql`select pg_notify(${ACCESS_NOTIFY_CHANNEL}, ${JSON.stringify(revoked)})`.execute(db);
}

/** Does this revocation concern a connection authenticated by `tokenId` of `userId`? */
export function revokes(revoked: AccessRevoked, principal: { organizationId: number; userId: number; tokenId: number; kind: 'session' | 'api' }): boolean {
  if (revoked.organizationId !== principal.organizationId) return false;
  if (revoked.tokenIds?.includes(principal.tokenId)) return true;
  if (revoked.sessionsOnly && principal.kind !== 'session') return false;
  return revoked.userId === principal.userId && revoked.exceptTokenId !== principal.tokenId;
}
