import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../../api/presence-api.ts';
import { changeTeam, deleteTeam, teamKeys, type Team } from '../../../api/teams-api.ts';
import type { Channel } from '../../../api/types.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { draftOf, draftProblems, inputOf, type TeamDraft } from './team-draft.ts';
import { TeamFields } from './TeamFields.tsx';

const FIELDS = ['name', 'strategy', 'maxOpenPerAgent', 'reassignOffline', 'firstResponseMinutes', 'nextResponseMinutes', 'memberIds', 'channelIds'];

/** One team as an editable card: saved as a whole, removed after a confirmation. */
export function TeamCard({ team, teams, users, channels }: { team: Team; teams: Team[]; users: TeamMember[]; channels: Channel[] }) {
  const { t } = useTranslation('settings-teams');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TeamDraft>(() => draftOf(team));
  const [problems, setProblems] = useState<ReturnType<typeof draftProblems>>({});
  const [saved, setSaved] = useState(false);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: teamKeys.teams() }), queryClient.invalidateQueries({ queryKey: queryKeys.channels() })]);
  const save = useMutation({
    mutationFn: (d: TeamDraft) => changeTeam(team.id, inputOf(d)),
    onSuccess: (next) => (setDraft(draftOf(next)), setSaved(true), void refresh()),
  });
  const remove = useMutation({ mutationFn: () => deleteTeam(team.id), onSuccess: () => void refresh() });
  const refusal = refusalOf(save.error, FIELDS);
  const errors: Record<string, string | undefined> = {
    ...refusal.fields,
    ...Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, t(`errors.${key}`)])),
    ...(save.error && refusal.fields['name'] && (save.error as { status?: number }).status === 409 ? { name: t('errors.nameTaken', { name: draft.name.trim() }) } : {}),
  };
  const change = (patch: Partial<TeamDraft>) => (setDraft((d) => ({ ...d, ...patch })), setSaved(false), save.reset());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = draftProblems(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) save.mutate(draft);
  };
  const confirmDelete = () => {
    if (window.confirm(t('card.confirmDelete', { name: team.name }))) remove.mutate();
  };
  const idBase = `team-${team.id}`;
  return (
    <section className="card team-card" aria-labelledby={`${idBase}-title`} data-testid={idBase}>
      <div className="team-card__head">
        <h3 id={`${idBase}-title`}>{team.name}</h3>
        <span className="team-card__waiting" data-testid={`${idBase}-waiting`}>
          {t('card.waiting', { count: team.waiting })}
        </span>
      </div>
      <form onSubmit={submit} noValidate className="team-form">
        <TeamFields idBase={idBase} draft={draft} change={change} errors={errors} users={users} channels={channels} teams={teams} teamId={team.id} />
        {refusal.form && (
          <p className="form-error" role="alert">
            {refusal.form}
          </p>
        )}
        {remove.error != null && (
          <p className="form-error" role="alert">
            {refusalOf(remove.error, []).form}
          </p>
        )}
        <div className="team-form__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending} data-testid={`${idBase}-save`}>
            {save.isPending ? t('form.saving') : t('card.save')}
          </button>
          <button type="button" className="button button--danger" onClick={confirmDelete} disabled={remove.isPending} data-testid={`${idBase}-delete`}>
            {t('card.delete')}
          </button>
          {saved && (
            <span role="status" className="team-form__saved" data-testid={`${idBase}-saved`}>
              {t('card.saved')}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
