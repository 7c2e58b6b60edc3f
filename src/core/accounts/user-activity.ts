import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { stillValid, type TokenPolicy } from './auth-tokens.ts';

export interface UserActivity {
  /** The last time one of the user's sessions was used (or began), null if they never signed in. */
  lastSeenAt: Date | null;
  /** Sessions that still grant access (what an admin may end). */
  activeSessions: number;
}

/**
 * When each user of the organisation was last seen and how many sessions they hold, for the
 * admins' list of users. Sessions only: an API token in use says nothing about a person.
 */
export async function userActivity(db: Db, organizationId: number, policy: TokenPolicy): Promise<Map<number, UserActivity>> {
  const rows = await db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select((eb) => [
      't.user_id as userId',
      sql<Date | null>`max(coalesce(t.last_used_at, t.created_at))`.as('lastSeenAt'),
      eb.fn.countAll<string>().filterWhere(stillValid(policy)).as('activeSessions'),
    ])
    .where('t.organization_id', '=', organizationId)
    .where('t.kind', '=', 'session')
    .groupBy('t.user_id')
    .execute();
  return new Map(rows.map((r) => [r.userId, { lastSeenAt: r.lastSeenAt, activeSessions: Number(r.activeSessions) }]));
}
