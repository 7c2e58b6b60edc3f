import { sql } from 'kysely';
import type { z } from 'zod';
import type { NewTeam, Team, TeamChange } from '../../contract/teams.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Transaction } from 'kysely';
import { AppError, notFound } from '../errors/app-error.ts';
import { restartSlaClocks } from '../sla/sla-targets.ts';

type TeamInput = z.infer<typeof TeamChange>;
type Trx = Transaction<Database>;

/** Every team of the organisation with its members, its channels and how many of its conversations wait for an agent. */
export async function listTeams(db: Db | Trx, organizationId: number, onlyId?: number): Promise<Team[]> {
  let query = db
    .selectFrom('teams as t')
    .select([
      't.id',
      't.name',
      't.strategy',
      't.max_open_per_agent',
      't.reassign_offline',
      't.first_response_minutes',
      't.next_response_minutes',
      sql<number[]>`coalesce((select array_agg(m.user_id order by m.user_id) from team_members m where m.team_id = t.id), '{}')`.as('member_ids'),
      sql<number[]>`coalesce((select array_agg(c.id order by c.id) from channels c where c.team_id = t.id), '{}')`.as('channel_ids'),
      sql<number>`(select count(*) from conversations c where c.team_id = t.id and c.assignee_id is null and c.status = 'open')::int`.as('waiting'),
    ])
    .where('t.organization_id', '=', organizationId);
  if (onlyId !== undefined) query = query.where('t.id', '=', onlyId);
  const rows = await query.orderBy('t.name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    strategy: r.strategy,
    maxOpenPerAgent: r.max_open_per_agent,
    reassignOffline: r.reassign_offline,
    firstResponseMinutes: r.first_response_minutes,
    nextResponseMinutes: r.next_response_minutes,
    memberIds: r.member_ids.map(Number),
    channelIds: r.channel_ids.map(Number),
    waiting: r.waiting,
  }));
}

export async function createTeam(db: Db, organizationId: number, input: z.infer<typeof NewTeam>): Promise<Team> {
  return db.transaction().execute(async (trx) => {
    await refuseTakenName(trx, organizationId, input.name);
    const row = await trx
      .insertInto('teams')
      .values({ organization_id: organizationId, name: input.name, ...columnsOf(input) })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => refuseIfNameTaken(err, input.name));
    await setMembersAndChannels(trx, organizationId, row.id, input);
    return (await listTeams(trx, organizationId, row.id))[0]!;
  });
}

export async function changeTeam(db: Db, organizationId: number, teamId: number, input: TeamInput): Promise<Team> {
  return db.transaction().execute(async (trx) => {
    const team = await trx.selectFrom('teams').select('id').where('id', '=', teamId).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
    if (!team) throw notFound('team');
    if (input.name !== undefined) await refuseTakenName(trx, organizationId, input.name, teamId);
    const columns = { ...columnsOf(input), ...(input.name !== undefined && { name: input.name }) };
    if (Object.keys(columns).length > 0)
      await trx
        .updateTable('teams')
        .set({ ...columns, updated_at: new Date() })
        .where('id', '=', teamId)
        .execute()
        .catch((err: unknown) => refuseIfNameTaken(err, input.name ?? ''));
    await setMembersAndChannels(trx, organizationId, teamId, input);
    if (input.firstResponseMinutes !== undefined || input.nextResponseMinutes !== undefined) await restartSlaClocks(trx, organizationId, teamId);
    return (await listTeams(trx, organizationId, teamId))[0]!;
  });
}

/** A removed team's channels route nowhere and its conversations keep their agents (the foreign keys set null). */
export async function deleteTeam(db: Db, organizationId: number, teamId: number): Promise<void> {
  const res = await db.deleteFrom('teams').where('id', '=', teamId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw notFound('team');
}

function columnsOf(input: TeamInput) {
  return {
    ...(input.strategy !== undefined && { strategy: input.strategy }),
    ...(input.maxOpenPerAgent !== undefined && { max_open_per_agent: input.maxOpenPerAgent }),
    ...(input.reassignOffline !== undefined && { reassign_offline: input.reassignOffline }),
    ...(input.firstResponseMinutes !== undefined && { first_response_minutes: input.firstResponseMinutes }),
    ...(input.nextResponseMinutes !== undefined && { next_response_minutes: input.nextResponseMinutes }),
  };
}

const nameTaken = (name: string) => new AppError('CONFLICT', `a team named ${name} already exists`, { field: 'name' });

/**
 * Another admin's team of the same name (in any case) committed between the check and this write:
 * the unique index (migration 0036) refuses it, answered as the check would have.
 */
function refuseIfNameTaken(err: unknown, name: string): never {
  if ((err as { code?: unknown }).code === '23505' && (err as { constraint?: unknown }).constraint === 'teams_name_any_case_key') throw nameTaken(name);
  throw err;
}

async function refuseTakenName(trx: Trx, organizationId: number, name: string, exceptId?: number): Promise<void> {
  let query = trx
    .selectFrom('teams')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw nameTaken(name);
}

/**
 * The members and channels as given, each checked to belong to the organisation (another
 * organisation's id is refused like an unknown one). A channel routes to one team: giving it to
 * this one takes it from any other.
 */
async function setMembersAndChannels(trx: Trx, organizationId: number, teamId: number, input: TeamInput): Promise<void> {
  if (input.memberIds) {
    const ids = [...new Set(input.memberIds)];
    const users = ids.length ? await trx.selectFrom('users').select('id').where('organization_id', '=', organizationId).where('disabled_at', 'is', null).where('id', 'in', ids).execute() : [];
    if (users.length !== ids.length) throw new AppError('VALIDATION_FAILED', 'every member must be an active user of this organisation', { field: 'memberIds' });
    await trx
      .deleteFrom('team_members')
      .where('team_id', '=', teamId)
      .where('user_id', 'not in', ids.length ? ids : [0])
      .execute();
    if (ids.length)
      await trx
        .insertInto('team_members')
        .values(ids.map((user_id) => ({ team_id: teamId, user_id, organization_id: organizationId })))
        .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
        .execute();
  }
  if (input.channelIds) {
    const ids = [...new Set(input.channelIds)];
    const channels = ids.length ? await trx.selectFrom('channels').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute() : [];
    if (channels.length !== ids.length) throw new AppError('VALIDATION_FAILED', 'every channel must be one of this organisation', { field: 'channelIds' });
    await trx
      .updateTable('channels')
      .set({ team_id: null })
      .where('team_id', '=', teamId)
      .where('id', 'not in', ids.length ? ids : [0])
      .execute();
    if (ids.length) await trx.updateTable('channels').set({ team_id: teamId }).where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
  }
}
