import { createHash, randomBytes } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database, UserRole } from '../../db/schema.ts';

/** Who is calling: every query in snorq is scoped by `organizationId`. */
export interface Principal {
  userId: number;
  organizationId: number;
  role: UserRole;
  email: string;
  name: string;
  tokenId: number;
  kind: 'session' | 'api';
  /** When this token stops granting access unless used again (expiry or idle limit); null: no deadline. */
  validUntil: Date | null;
}

/** A session ends 14 days after sign-in whatever happens (the absolute limit)… */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

/** …and earlier when unused for `sessionIdleMinutes` (SESSION_IDLE_MINUTES; 0: never idle). */
export interface TokenPolicy {
  sessionIdleMinutes: number;
}

/** `last_used_at` is written at most this often, so a session's idle clock is this coarse. */
const USE_RECORD_INTERVAL_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** Issue a random bearer token; only its SHA-256 is stored. */
export async function issueToken(
  db: Db,
  user: { id: number; organization_id: number },
  kind: 'session' | 'api',
  options: { name?: string; expiresAt?: Date | null; ip?: string; userAgent?: string } = {},
): Promise<{ token: string; id: number; expiresAt: Date | null }> {
  const token = `snq_${kind === 'api' ? 'api' : 'ses'}_${randomBytes(32).toString('base64url')}`;
  const expiresAt = options.expiresAt === undefined ? (kind === 'session' ? new Date(Date.now() + SESSION_TTL_MS) : null) : options.expiresAt;
  const row = await db
    .insertInto('auth_tokens')
    .values({
      user_id: user.id,
      organization_id: user.organization_id,
      kind,
      name: options.name ?? null,
      token_hash: hashToken(token),
      expires_at: expiresAt,
      ip: options.ip ?? null,
      user_agent: options.userAgent?.slice(0, 300) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, id: row.id, expiresAt };
}

/**
 * The conditions under which a token still grants access: not revoked, not past its expiry, its
 * user not disabled, and (for a session) used within the idle limit. Written once, used both by
 * authentication and by the re-checks of open Socket.IO connections.
 */
export function stillValid(policy: TokenPolicy) {
  return (eb: ExpressionBuilder<Database & { t: Database['auth_tokens']; u: Database['users'] }, 't' | 'u'>) => {
    const conditions = [eb('t.revoked_at', 'is', null), eb('u.disabled_at', 'is', null), eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)])];
    if (policy.sessionIdleMinutes > 0) {
      conditions.push(eb.or([eb('t.kind', '=', 'api'), eb(sql`coalesce(t.last_used_at, t.created_at)`, '>', sql<Date>`now() - make_interval(mins => ${policy.sessionIdleMinutes})`)]));
    }
    return eb.and(conditions);
  };
}

/** The principal behind a token, or null when it is unknown, revoked, expired, idle too long or its user disabled. */
export async function authenticateToken(db: Db, token: string, policy: TokenPolicy): Promise<Principal | null> {
  if (!token.startsWith('snq_') || token.length > 200) return null;
  const row = await db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as tokenId', 't.kind', 't.last_used_at', 't.created_at', 't.expires_at', 'u.id as userId', 'u.organization_id as organizationId', 'u.role', 'u.email', 'u.name'])
    .where('t.token_hash', '=', hashToken(token))
    .where(stillValid(policy))
    .executeTakeFirst();
  if (!row) return null;
  let lastUsed = row.last_used_at ?? row.created_at;
  // Record use at most once a minute: a write per request would make every GET a write.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > USE_RECORD_INTERVAL_MS) {
    lastUsed = new Date();
    await db.updateTable('auth_tokens').set({ last_used_at: lastUsed }).where('id', '=', row.tokenId).execute();
  }
  const idleEnd = row.kind === 'session' && policy.sessionIdleMinutes > 0 ? new Date(lastUsed.getTime() + policy.sessionIdleMinutes * 60_000) : null;
  const validUntil = [row.expires_at, idleEnd].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return { userId: row.userId, organizationId: row.organizationId, role: row.role, email: row.email, name: row.name, tokenId: row.tokenId, kind: row.kind, validUntil };
}

/** Why a token that once granted access no longer does: its time ran out, it was ended (signed out, by an admin, a password change), or its user is disabled. */
export type TokenRefusal = 'SESSION_EXPIRED' | 'SESSION_ENDED' | 'ACCOUNT_DISABLED';

/**
 * Why `authenticateToken` refused a token, for the sign-in page to say so ("your session has
 * expired" rather than "not signed in"); undefined for a token snorq never issued. Read only on
 * the refusal path, so a valid request pays nothing for it.
 */
export async function whyTokenRefused(db: Db, token: string, policy: TokenPolicy): Promise<TokenRefusal | undefined> {
  if (!token.startsWith('snq_') || token.length > 200) return undefined;
  const row = await db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.revoked_at', 'u.disabled_at'])
    .where('t.token_hash', '=', hashToken(token))
    .where((eb) => eb.not(stillValid(policy)(eb)))
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.disabled_at) return 'ACCOUNT_DISABLED';
  return row.revoked_at ? 'SESSION_ENDED' : 'SESSION_EXPIRED';
}

/**
 * Of these tokens, the ones that still grant access, each with the moment it will stop doing so
 * unless used again (its expiry, or the end of its idle time; null: no deadline). Does not count
 * as a use: an open socket is not activity, or a forgotten tab would keep a session alive forever.
 */
export async function tokenDeadlines(db: Db, tokenIds: number[], policy: TokenPolicy): Promise<Map<number, Date | null>> {
  if (tokenIds.length === 0) return new Map();
  const idle = policy.sessionIdleMinutes;
  const rows = await db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id',
      sql<Date | null>`least(
        t.expires_at,
        case when t.kind = 'session' and ${idle} > 0 then coalesce(t.last_used_at, t.created_at) + make_interval(mins => ${idle}) end
      )`.as('deadline'),
    ])
    .where('t.id', '=', sql<number>`any(${tokenIds}::bigint[])`)
    .where(stillValid(policy))
    .execute();
  return new Map(rows.map((r) => [r.id, r.deadline]));
}

/**
 * Why these tokens no longer grant access, in the words the live connection's end notice uses:
 * "user disabled" when their user is, else "session ended". A connection re-checked between a
 * user's disabling and its announcement reads the same reason as one ended by the announcement.
 */
export async function endedReasons(db: Db, tokenIds: number[]): Promise<Map<number, 'user disabled' | 'session ended'>> {
  if (tokenIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 'u.disabled_at'])
    .where('t.id', '=', sql<number>`any(${tokenIds}::bigint[])`)
    .execute();
  const disabled = new Set(rows.filter((r) => r.disabled_at !== null).map((r) => r.id));
  return new Map(tokenIds.map((id) => [id, disabled.has(id) ? 'user disabled' : 'session ended']));
}

export async function revokeToken(db: Db, organizationId: number, tokenId: number): Promise<boolean> {
  const res = await db
    .updateTable('auth_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Revoke a user's tokens (only sessions, or sessions and API tokens), except one; returns how many. */
export async function revokeUserTokens(db: Db, userId: number, options: { kinds: ('session' | 'api')[]; exceptTokenId?: number }): Promise<number> {
  let q = db.updateTable('auth_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).where('kind', 'in', options.kinds);
  if (options.exceptTokenId !== undefined) q = q.where('id', '<>', options.exceptTokenId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}
