import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listChannels } from '../../../api/admin-api.ts';
import { listTeams, teamKeys } from '../../../api/teams-api.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { useUsers } from '../../inbox/use-users.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { NewTeamForm } from './NewTeamForm.tsx';
import { PriorityTargetsForm } from './PriorityTargetsForm.tsx';
import { TeamCard } from './TeamCard.tsx';
import '../users/people.css';
import './teams.css';

/**
 * Settings → Teams (admins): teams of agents, the channels whose new conversations each one gets,
 * how it assigns them (round robin or least busy among its online members, with a cap), whether an
 * offline agent's conversations go back to it, and the response targets (per team and per priority).
 */
export function TeamsPage() {
  const { t } = useTranslation('settings-teams');
  return (
    <SettingsPage title={t('title')} sub={t('sub')} adminOnly testId="teams-page">
      <NewTeamForm />
      <TeamList />
      <PriorityTargetsForm />
    </SettingsPage>
  );
}

function TeamList() {
  const { t } = useTranslation('settings-teams');
  const teams = useQuery({ queryKey: teamKeys.teams(), queryFn: ({ signal }) => listTeams(signal) });
  const channels = useQuery({ queryKey: queryKeys.channels(), queryFn: ({ signal }) => listChannels(signal) });
  const users = useUsers().filter((u) => !u.disabledAt);
  return (
    <section className="teams" aria-labelledby="teams-list-title">
      <h2 id="teams-list-title" className="visually-hidden">
        {t('list.title')}
      </h2>
      <LoadState query={teams} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
      {teams.data?.length === 0 && (
        <p className="notice" data-testid="teams-empty">
          {t('list.empty')}
        </p>
      )}
      {teams.data?.map((team) => (
        <TeamCard key={team.id} team={team} teams={teams.data} users={users} channels={channels.data ?? []} />
      ))}
    </section>
  );
}
