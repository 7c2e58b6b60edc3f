import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { UserRole } from '../../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords.ts';

export interface PublicUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  organizationId: number;
  createdAt: Date;
  /** Set while the user is disabled (cannot sign in; their tokens were revoked). */
  disabledAt: Date | null;
}

export const publicColumns = ['id', 'email', 'name', 'role', 'organization_id as organizationId', 'created_at as createdAt', 'disabled_at as disabledAt'] as const;

export async function createUser(db: Db, input: { organizationId: number; email: string; name: string; role: UserRole; password: string }): Promise<PublicUser> {
  const password_hash = await hashPassword(input.password);
  const row = await db
    .insertInto('users')
    .values({ organization_id: input.organizationId, email: input.email.trim(), name: input.name, role: input.role, password_hash })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(publicColumns)
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'a user with this email already exists', { field: 'email', reason: 'EMAIL_TAKEN' });
  return row;
}

export async function listUsers(db: Db, organizationId: number, options: { includeDisabled?: boolean } = {}): Promise<PublicUser[]> {
  let q = db.selectFrom('users').select(publicColumns).where('organization_id', '=', organizationId);
  if (!options.includeDisabled) q = q.where('disabled_at', 'is', null);
  return q.orderBy('id').execute();
}

/** Does this user's password match (for a user changing their own)? */
export async function checkPasswordOf(db: Db, userId: number, password: string): Promise<boolean> {
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return verifyPassword(password, user?.password_hash ?? dummyHash()).then((ok) => ok && !!user);
}

/** The organisation of the user with this email, if any (to file a failed sign-in under it). */
export async function organizationOfEmail(db: Db, email: string): Promise<{ userId: number; organizationId: number } | undefined> {
  return db
    .selectFrom('users')
    .select(['id as userId', 'organization_id as organizationId'])
    .where((eb) => eb(eb.fn('lower', [eb.ref('email')]), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

/** The user for these credentials, or null. Always spends one hash, known email or not. */
export async function checkCredentials(db: Db, email: string, password: string) {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', [eb.ref('email')]), '=', email.trim().toLowerCase()))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? dummyHash());
  return ok && user ? user : null;
}

/**
 * The first start makes an organisation and its admin from ADMIN_EMAIL/ADMIN_PASSWORD, or with a
 * generated password that is returned so the caller can print it once. Later starts change nothing.
 */
export async function ensureFirstAdmin(
  db: Db,
  input: { email?: string; password?: string },
): Promise<{ created: false } | { created: true; email: string; generatedPassword?: string; organizationId: number }> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return { created: false };
  const email = input.email ?? 'admin@snorq.local';
  const generatedPassword = input.password ? undefined : randomBytes(12).toString('base64url');
  const org = await db.insertInto('organizations').values({ name: 'My organisation' }).returning('id').executeTakeFirstOrThrow();
  await createUser(db, { organizationId: org.id, email, name: 'Admin', role: 'admin', password: input.password ?? generatedPassword! });
  return { created: true, email, generatedPassword, organizationId: org.id };
}
