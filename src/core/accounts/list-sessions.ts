import type { Db } from '../../db/database.ts';
import { stillValid, type TokenPolicy } from './auth-tokens.ts';

export interface SessionSummary {
  id: number;
  userId: number;
  userEmail: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

/** Sessions that still grant access in an organisation (or of one user), newest first. */
export async function listSessions(db: Db, organizationId: number, policy: TokenPolicy, filter: { userId?: number } = {}): Promise<SessionSummary[]> {
  let q = db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id as userId', 'u.email as userEmail', 't.created_at as createdAt', 't.last_used_at as lastUsedAt', 't.expires_at as expiresAt', 't.ip', 't.user_agent as userAgent'])
    .where('t.organization_id', '=', organizationId)
    .where('t.kind', '=', 'session')
    .where(stillValid(policy));
  if (filter.userId !== undefined) q = q.where('t.user_id', '=', filter.userId);
  return q.orderBy('t.id', 'desc').limit(1000).execute();
}
