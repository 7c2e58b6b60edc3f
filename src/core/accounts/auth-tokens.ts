import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { UserRole } from '../../db/schema.ts';

/** Who is calling: every query in snorq is scoped by `organizationId`. */
export interface Principal {
  userId: number;
  organizationId: number;
  role: UserRole;
  email: string;
  name: string;
  tokenId: number;
}

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** Issue a random bearer token; only its SHA-256 is stored. */
export async function issueToken(
  db: Db,
  user: { id: number; organization_id: number },
  kind: 'session' | 'api',
  options: { name?: string; expiresAt?: Date | null } = {},
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, id: row.id, expiresAt };
}

/** The principal behind a token, or null when it is unknown, revoked, expired or its user disabled. */
export async function authenticateToken(db: Db, token: string): Promise<Principal | null> {
  if (!token.startsWith('snq_') || token.length > 200) return null;
  const row = await db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as tokenId', 't.last_used_at', 'u.id as userId', 'u.organization_id as organizationId', 'u.role', 'u.email', 'u.name'])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', new Date())]))
    .executeTakeFirst();
  if (!row) return null;
  // Record use at most once a minute: a write per request would make every GET a write.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('auth_tokens').set({ last_used_at: new Date() }).where('id', '=', row.tokenId).execute();
  }
  return { userId: row.userId, organizationId: row.organizationId, role: row.role, email: row.email, name: row.name, tokenId: row.tokenId };
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
