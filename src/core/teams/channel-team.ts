import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';

/**
 * The team a channel's new conversations go to (a trigger copies it onto each new conversation,
 * migration 0027), chosen on the channel's own page; null routes them to no team. The same column
 * the teams page sets through a team's channels. Another organisation's channel is not found;
 * another organisation's team is refused beside its field, like an unknown one.
 */
export async function setChannelTeam(db: Db, organizationId: number, channelId: number, teamId: number | null): Promise<{ id: number; teamId: number | null; previousTeamId: number | null }> {
  return db.transaction().execute(async (trx) => {
    const channel = await trx.selectFrom('channels').select(['id', 'team_id']).where('id', '=', channelId).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
    if (!channel) throw notFound('channel');
    if (teamId !== null) {
      const team = await trx.selectFrom('teams').select('id').where('id', '=', teamId).where('organization_id', '=', organizationId).executeTakeFirst();
      if (!team) throw new AppError('VALIDATION_FAILED', 'the team must be one of this organisation', { field: 'teamId' });
    }
    await trx.updateTable('channels').set({ team_id: teamId }).where('id', '=', channelId).execute();
    return { id: channelId, teamId, previousTeamId: channel.team_id };
  });
}
