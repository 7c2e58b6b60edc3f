import type { Db } from '../../db/database.ts';
import type { AuditAction } from './record-audit.ts';

export interface AuditLogPage {
  entries: {
    id: number;
    createdAt: Date;
    action: string;
    actorUserId: number | null;
    targetUserId: number | null;
    ip: string | null;
    details: Record<string, unknown>;
  }[];
  /** Pass as `before` for the next (older) page; null when this is the last one. */
  nextBefore: number | null;
}

/** An organisation's audit log, newest first, a page at a time (keyset on id: stable while entries are added). */
export async function listAuditLog(db: Db, organizationId: number, filter: { action?: AuditAction; userId?: number; before?: number; limit: number }): Promise<AuditLogPage> {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'created_at as createdAt', 'action', 'actor_user_id as actorUserId', 'target_user_id as targetUserId', 'ip', 'details'])
    .where('organization_id', '=', organizationId);
  if (filter.action) q = q.where('action', '=', filter.action);
  const userId = filter.userId;
  if (userId !== undefined) q = q.where((eb) => eb.or([eb('actor_user_id', '=', userId), eb('target_user_id', '=', userId)]));
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const entries = rows.slice(0, filter.limit);
  return { entries, nextBefore: rows.length > filter.limit ? entries.at(-1)!.id : null };
}
