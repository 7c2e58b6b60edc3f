import type { Db } from '../../db/database.ts';

/** What the audit log records: a closed list, so a reader can filter on it. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in.failed',
  'sign-in.locked',
  'sign-out',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password-reset',
  'user.password-changed',
  'session.revoked',
  'token.created',
  'token.revoked',
  'channel.connected',
  'channel.disconnected',
  'journal.replayed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** Null only for what belongs to no organisation (a failed sign-in with an email no user has). */
  organizationId: number | null;
  action: AuditAction;
  /** Who did it (null: nobody signed in, or snorq itself). */
  actorUserId?: number | null;
  /** The user it was done to, when it concerns one. */
  targetUserId?: number | null;
  ip?: string | null;
  /** Ids and names only: never a password, a token or a message. */
  details?: Record<string, unknown>;
}

/**
 * Record a security-relevant action. An audit write that fails must not undo the action it
 * describes (a sign-out that errors because the log is unwritable would be worse), so callers
 * whose action is already committed pass `onError` to log it instead of throwing.
 */
export async function recordAudit(db: Db, entry: AuditEntry, onError?: (err: unknown) => void): Promise<void> {
  try {
    await db
      .insertInto('audit_log')
      .values({
        organization_id: entry.organizationId,
        action: entry.action,
        actor_user_id: entry.actorUserId ?? null,
        target_user_id: entry.targetUserId ?? null,
        ip: entry.ip ?? null,
        details: JSON.stringify(entry.details ?? {}),
      })
      .execute();
  } catch (err) {
    if (!onError) throw err;
    onError(err);
  }
}
