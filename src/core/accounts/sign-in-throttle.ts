import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Failed sign-ins counted per email, whatever address they come from: a botnet guessing one
 * account's password from thousands of addresses is held to SIGN_IN_MAX_FAILURES tries per
 * SIGN_IN_LOCK_MINUTES, after which the email is locked for SIGN_IN_LOCK_MINUTES, even for the
 * right password. Emails no user has are counted and locked exactly the same way, so neither
 * the answers nor the lock tell whether an account exists. The clock is PostgreSQL's, one for
 * every instance.
 */
export interface SignInLimits {
  maxFailures: number;
  lockMinutes: number;
}

export const emailKey = (email: string) => email.trim().toLowerCase();

/** Seconds left on this email's lock; 0 when it is not locked. */
export async function lockedForSeconds(db: Db, email: string): Promise<number> {
  const row = await db
    .selectFrom('sign_in_failures')
    .select(sql<number>`ceil(extract(epoch from locked_until - now()))::int`.as('seconds'))
    .where('email_key', '=', emailKey(email))
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? Math.max(1, row.seconds) : 0;
}

/**
 * Count one failure (failures older than the window start the count again). Returns the lock's
 * length in seconds when this failure reached the limit, else 0.
 */
export async function recordSignInFailure(db: Db, email: string, limits: SignInLimits): Promise<number> {
  const window = sql`make_interval(mins => ${limits.lockMinutes})`;
  const { rows } = await sql<{ locked: boolean }>`
    insert into sign_in_failures as f (email_key, failures, first_failed_at)
    values (${emailKey(email)}, 1, now())
    on conflict (email_key) do update set
      failures = case when f.first_failed_at < now() - ${window} then 1 else f.failures + 1 end,
      first_failed_at = case when f.first_failed_at < now() - ${window} then now() else f.first_failed_at end
    returning failures >= ${limits.maxFailures} as locked
  `.execute(db);
  if (!rows[0]?.locked) return 0;
  await db
    .updateTable('sign_in_failures')
    .set({ locked_until: sql<Date>`now() + ${window}`, failures: 0, first_failed_at: sql<Date>`now()` })
    .where('email_key', '=', emailKey(email))
    .execute();
  return limits.lockMinutes * 60;
}

/** A successful sign-in, or an admin setting a new password, forgets the failures and lifts the lock. */
export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('email_key', '=', emailKey(email)).execute();
}
