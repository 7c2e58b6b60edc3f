import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PresenceUser } from './presence-store.ts';

/** One live socket of one instance. */
export interface PresenceConnection extends PresenceUser {
  instanceId: string;
  socketId: string;
  active: boolean;
}

export async function addConnection(db: Db, c: PresenceConnection): Promise<void> {
  await db
    .insertInto('presence_connections')
    .values({ instance_id: c.instanceId, socket_id: c.socketId, organization_id: c.organizationId, user_id: c.userId, active: c.active })
    .onConflict((oc) => oc.columns(['instance_id', 'socket_id']).doUpdateSet({ active: c.active, seen_at: sql<Date>`now()` }))
    .execute();
}

export async function setConnectionActive(db: Db, instanceId: string, socketId: string, active: boolean): Promise<void> {
  await db
    .updateTable('presence_connections')
    .set({ active, seen_at: sql<Date>`now()` })
    .where('instance_id', '=', instanceId)
    .where('socket_id', '=', socketId)
    .execute();
}

export async function removeConnection(db: Db, instanceId: string, socketId: string): Promise<void> {
  await db.deleteFrom('presence_connections').where('instance_id', '=', instanceId).where('socket_id', '=', socketId).execute();
}

/** The instance is alive: its sockets are vouched for until `staleAfterSeconds` from now. */
export async function vouchForInstance(db: Db, instanceId: string): Promise<void> {
  await db
    .updateTable('presence_connections')
    .set({ seen_at: sql<Date>`now()` })
    .where('instance_id', '=', instanceId)
    .execute();
}

/** An instance stopping: its sockets are gone; the users it held, to work out again. */
export async function removeInstance(db: Db, instanceId: string): Promise<PresenceUser[]> {
  const rows = await db.deleteFrom('presence_connections').where('instance_id', '=', instanceId).returning(['organization_id', 'user_id']).execute();
  return distinctUsers(rows);
}

/**
 * Connections no instance vouched for within `staleAfterSeconds` (their instance died, or the
 * table was emptied by a crash) are removed, and the users still announced present without a
 * connection are returned, to work out again: they go offline.
 */
export async function sweepStaleConnections(db: Db, staleAfterSeconds: number): Promise<PresenceUser[]> {
  await db
    .deleteFrom('presence_connections')
    .where('seen_at', '<=', sql<Date>`now() - make_interval(secs => ${staleAfterSeconds})`)
    .execute();
  const rows = await db
    .selectFrom('user_presence as p')
    .select(['p.organization_id', 'p.user_id'])
    .where('p.presence', '!=', 'offline')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('presence_connections as c').select('c.user_id').whereRef('c.user_id', '=', 'p.user_id'))))
    .execute();
  return distinctUsers(rows);
}

function distinctUsers(rows: { organization_id: number; user_id: number }[]): PresenceUser[] {
  const seen = new Map<number, PresenceUser>();
  for (const r of rows) seen.set(r.user_id, { organizationId: r.organization_id, userId: r.user_id });
  return [...seen.values()];
}
