import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database, UserRole } from '../../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { hashPassword } from '../auth/passwords.ts';
import { revokeUserTokens } from './auth-tokens.ts';
import { publicColumns, type PublicUser } from './users.ts';

/**
 * An organisation always keeps one enabled admin: without one nobody could add users, connect
 * channels or undo the mistake. The enabled admins' rows are locked, so two admins disabling (or
 * demoting) each other at the same moment cannot both succeed.
 */
async function refuseLastAdmin(trx: Transaction<Database>, organizationId: number, userId: number, what: string): Promise<void> {
  const admins = await trx
    .selectFrom('users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (admins.length === 1 && admins[0]!.id === userId) throw new AppError('LAST_ADMIN', `the organisation's last admin cannot be ${what}; make another user admin first`);
}

async function userOf(trx: Transaction<Database>, organizationId: number, userId: number) {
  const user = await trx.selectFrom('users').select(['id', 'role', 'disabled_at']).where('id', '=', userId).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
  if (!user) throw notFound('user');
  return user;
}

/**
 * Disable a user: they can no longer sign in, and every session and API token they hold is
 * revoked (re-enabling does not bring those back). Returns the user and whether anything changed.
 */
export async function disableUser(db: Db, organizationId: number, userId: number): Promise<{ user: PublicUser; changed: boolean; revoked: number }> {
  return db.transaction().execute(async (trx) => {
    const user = await userOf(trx, organizationId, userId);
    if (user.disabled_at) return { user: await publicUser(trx, userId), changed: false, revoked: 0 };
    if (user.role === 'admin') await refuseLastAdmin(trx, organizationId, userId, 'disabled');
    await trx.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', userId).execute();
    const revoked = await revokeUserTokens(trx, userId, { kinds: ['session', 'api'] });
    return { user: await publicUser(trx, userId), changed: true, revoked };
  });
}

export async function enableUser(db: Db, organizationId: number, userId: number): Promise<{ user: PublicUser; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const user = await userOf(trx, organizationId, userId);
    if (!user.disabled_at) return { user: await publicUser(trx, userId), changed: false };
    await trx.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute();
    return { user: await publicUser(trx, userId), changed: true };
  });
}

/** Rename, or change the role of, a user; the last enabled admin cannot be made an agent. */
export async function updateUser(db: Db, organizationId: number, userId: number, change: { name?: string; role?: UserRole }): Promise<PublicUser> {
  return db.transaction().execute(async (trx) => {
    const user = await userOf(trx, organizationId, userId);
    if (user.role === 'admin' && change.role === 'agent' && !user.disabled_at) await refuseLastAdmin(trx, organizationId, userId, 'made an agent');
    if (change.name !== undefined || change.role !== undefined) await trx.updateTable('users').set(change).where('id', '=', userId).execute();
    return publicUser(trx, userId);
  });
}

/**
 * Give a user a new password and end their sessions, except `keepTokenId` (the session that
 * changed its own password). API tokens are left alone: they are not a password's to grant.
 */
export async function setPassword(db: Db, organizationId: number, userId: number, password: string, keepTokenId?: number): Promise<{ email: string; revoked: number }> {
  const password_hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    await userOf(trx, organizationId, userId);
    const row = await trx.updateTable('users').set({ password_hash }).where('id', '=', userId).returning('email').executeTakeFirstOrThrow();
    const revoked = await revokeUserTokens(trx, userId, { kinds: ['session'], exceptTokenId: keepTokenId });
    return { email: row.email, revoked };
  });
}

function publicUser(trx: Transaction<Database>, userId: number): Promise<PublicUser> {
  return trx.selectFrom('users').select(publicColumns).where('id', '=', userId).executeTakeFirstOrThrow();
}
