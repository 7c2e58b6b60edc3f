import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Conversation, Database } from '../../db/schema.ts';
import { conversationFieldsDto } from '../conversations/dto.ts';
import { activityLine, userNames } from '../conversations/activity-line.ts';
import { appendEvents, type LoggedEvent } from '../events/event-log.ts';
import { pickAgent, type Candidate } from './pick-agent.ts';

type Trx = Transaction<Database>;

/** The class of the organisation's routing lock ('snrt'); the organisation's id is the other half. */
const ROUTING_LOCK_CLASS = 0x736e7274;
/** At most this many assignments per team per pass; the next pass (the next event or sweep) goes on. */
const MAX_PER_TEAM = 500;

export interface RoutingOptions {
  /** The moment the offline grace is measured from (tests pass a fixed clock). */
  now?: Date;
  /** An agent offline this long loses their conversations in teams that reassign; shorter absences (a reload) do not. */
  offlineGraceSeconds: number;
}

/**
 * One routing pass over an organisation: conversations of agents who went offline go back to
 * their team (where the team asks for it), then each team's open conversations that nobody has
 * are given, oldest first, to its online members by the team's strategy, until nobody is free.
 * A conversation nobody could take simply stays unassigned: the next pass (an agent coming online
 * or closing a conversation logs an event, and every instance sweeps periodically) offers it again.
 *
 * Safe with several instances: each assignment is a transaction holding the organisation's routing
 * lock (so caps and turns are counted by one instance at a time) and the conversation's row lock
 * (SKIP LOCKED: one an agent is changing right now waits for the next pass), and it assigns only a
 * conversation that is still unassigned. Each is announced as `conversation:updated` with
 * `assignedBy: null` (snorq), like a manual assignment.
 */
export async function routeOrganization(db: Db, organizationId: number, options: RoutingOptions): Promise<{ assigned: number; released: number }> {
  const released = await releaseFromOfflineAgents(db, organizationId, options);
  const teams = await db.selectFrom('teams').select('id').where('organization_id', '=', organizationId).where('strategy', '!=', 'manual').orderBy('id').execute();
  let assigned = 0;
  for (const team of teams) {
    for (let n = 0; n < MAX_PER_TEAM && (await assignNext(db, organizationId, team.id)); n++) assigned++;
  }
  return { assigned, released };
}

async function lockRouting(trx: Trx, organizationId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROUTING_LOCK_CLASS}::int4, ${organizationId}::int4)`.execute(trx);
}

/** Give the team's oldest unassigned open conversation to the member its strategy picks; false when there is none or nobody is free. */
async function assignNext(db: Db, organizationId: number, teamId: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockRouting(trx, organizationId);
    const team = await trx.selectFrom('teams').select(['name', 'strategy', 'max_open_per_agent']).where('id', '=', teamId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!team || team.strategy === 'manual') return false;
    const conversation = await trx
      .selectFrom('conversations')
      .select('id')
      .where('team_id', '=', teamId)
      .where('organization_id', '=', organizationId)
      .where('assignee_id', 'is', null)
      .where('status', '=', 'open')
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!conversation) return false;
    const userId = pickAgent(team.strategy, await candidatesOf(trx, organizationId, teamId), team.max_open_per_agent);
    if (userId === null) return false;
    const row = await trx
      .updateTable('conversations')
      .set({ assignee_id: userId, updated_at: new Date() })
      .where('id', '=', conversation.id)
      .where('assignee_id', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The database's own clock, which moves between transactions: turns stay distinct within one pass.
    await trx
      .updateTable('team_members')
      .set({ last_assigned_at: sql<Date>`clock_timestamp()` })
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .execute();
    const name = await userNames(trx, organizationId, [userId]);
    const line = await activityLine(trx, row, { code: 'activity.routed', params: { to: name(userId), team: team.name } }, new Date());
    await appendEvents(trx, organizationId, [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row), assignedBy: null } }, line]);
    return true;
  });
}

/** The team's active members who are online now, with their open conversations (all teams) and their last turn. */
async function candidatesOf(trx: Trx, organizationId: number, teamId: number): Promise<Candidate[]> {
  const rows = await trx
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('user_presence as p', 'p.user_id', 'm.user_id')
    .select([
      'm.user_id',
      'm.last_assigned_at',
      sql<number>`(select count(*) from conversations c where c.organization_id = ${organizationId} and c.assignee_id = m.user_id and c.status in ('open', 'pending'))::int`.as('open'),
    ])
    .where('m.team_id', '=', teamId)
    .where('u.disabled_at', 'is', null)
    .where('p.presence', '=', 'online')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, open: r.open, lastAssignedAt: r.last_assigned_at }));
}

/**
 * In teams that reassign, the open conversations of agents offline for longer than the grace go
 * back to the team (unassigned, announced), to be routed again in the same pass.
 */
async function releaseFromOfflineAgents(db: Db, organizationId: number, options: RoutingOptions): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.offlineGraceSeconds * 1000);
  return db.transaction().execute(async (trx) => {
    const reassigning = await trx.selectFrom('teams').select('id').where('organization_id', '=', organizationId).where('reassign_offline', '=', true).where('strategy', '!=', 'manual').execute();
    if (reassigning.length === 0) return 0;
    await lockRouting(trx, organizationId);
    // SKIP LOCKED: a conversation being changed right now (a message coming in) is left to the next pass, never waited on.
    const { rows } = await sql<Conversation & { previous_assignee_id: number; team_name: string }>`
      with picked as (
        select c.id, c.assignee_id as previous_assignee_id, t.name as team_name from conversations c
        join teams t on t.id = c.team_id
        where c.organization_id = ${organizationId}
          and c.team_id = any(${reassigning.map((t) => t.id)}::bigint[])
          and c.status = 'open'
          and c.assignee_id is not null
          and not exists (
            select 1 from user_presence p
            where p.user_id = c.assignee_id and (p.presence <> 'offline' or p.changed_at > ${cutoff})
          )
        for update of c skip locked
      )
      update conversations c set assignee_id = null, updated_at = now() from picked where c.id = picked.id
      returning c.*, picked.previous_assignee_id, picked.team_name
    `.execute(trx);
    const name = await userNames(
      trx,
      organizationId,
      rows.map((r) => r.previous_assignee_id),
    );
    const events: LoggedEvent[] = [];
    for (const { previous_assignee_id: from, team_name: team, ...row } of rows) {
      events.push({ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row) } });
      events.push(await activityLine(trx, row, { code: 'activity.released', params: { from: name(from), team } }, new Date()));
    }
    await appendEvents(trx, organizationId, events);
    return rows.length;
  });
}
