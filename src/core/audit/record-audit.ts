import type { Db } from '../../db/database.ts';
import type { AuditAction } from '../../contract/audit.ts';

/** The closed list of actions is the API contract's (the audit log's filter). */
export { AUDIT_ACTIONS, type AuditAction } from '../../contract/audit.ts';

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
