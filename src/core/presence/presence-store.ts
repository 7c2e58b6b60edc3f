import { sql } from 'kysely';
import type { Presence, PresenceChoice } from '../../contract/presence.ts';
import type { Db } from '../../db/database.ts';
import { appendEvents } from '../events/event-log.ts';
import { decidePresence } from './decide-presence.ts';

export interface PresenceUser {
  organizationId: number;
  userId: number;
}

/**
 * Work out a user's presence again from their choice and the connections every instance holds
 * for them (those vouched for within `staleAfterSeconds`), and when it changed, store it and log
 * `presence:updated` in the same transaction. The user's row is locked meanwhile, so two
 * instances changing the same agent at once announce each change once and in order.
 */
export async function refreshPresence(db: Db, user: PresenceUser, staleAfterSeconds: number): Promise<Presence> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('user_presence')
      .values({ user_id: user.userId, organization_id: user.organizationId })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    const row = await trx
      .selectFrom('user_presence')
      .select(['choice', 'presence'])
      .where('user_id', '=', user.userId)
      .where('organization_id', '=', user.organizationId)
      .forUpdate()
      .executeTakeFirst();
    // A user of another organisation (or one removed meanwhile) has no presence here.
    if (!row) return 'offline';
    const connections = await trx
      .selectFrom('presence_connections')
      .select('active')
      .where('user_id', '=', user.userId)
      .where('seen_at', '>', sql<Date>`now() - make_interval(secs => ${staleAfterSeconds})`)
      .execute();
    const presence = decidePresence(row.choice, connections);
    if (presence !== row.presence) {
      await trx.updateTable('user_presence').set({ presence, changed_at: new Date() }).where('user_id', '=', user.userId).execute();
      await appendEvents(trx, user.organizationId, [{ type: 'presence:updated', payload: { userId: user.userId, presence } }]);
    }
    return presence;
  });
}

/** The agent's own choice (kept until they change it), and their presence worked out again. */
export async function setPresenceChoice(db: Db, user: PresenceUser, choice: PresenceChoice, staleAfterSeconds: number): Promise<{ choice: PresenceChoice; presence: Presence }> {
  await db
    .insertInto('user_presence')
    .values({ user_id: user.userId, organization_id: user.organizationId, choice })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ choice }))
    .execute();
  return { choice, presence: await refreshPresence(db, user, staleAfterSeconds) };
}

/** The agent's choice and announced presence (an agent never seen is `auto` and offline). */
export async function presenceOfUser(db: Db, user: PresenceUser): Promise<{ choice: PresenceChoice; presence: Presence }> {
  const row = await db.selectFrom('user_presence').select(['choice', 'presence']).where('user_id', '=', user.userId).where('organization_id', '=', user.organizationId).executeTakeFirst();
  return row ?? { choice: 'auto', presence: 'offline' };
}

/** Every agent's announced presence in one organisation (absent: offline). */
export async function presenceOfOrganization(db: Db, organizationId: number): Promise<Map<number, Presence>> {
  const rows = await db.selectFrom('user_presence').select(['user_id', 'presence']).where('organization_id', '=', organizationId).execute();
  return new Map(rows.map((r) => [r.user_id, r.presence]));
}
