import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setChannelTeam } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { Channel } from '../../api/types.ts';
import { listTeams, teamKeys } from '../../api/teams-api.ts';
import { fieldErrorsOf } from '../../lib/field-errors.ts';
import { queryKeys } from '../../queries/query-keys.ts';

/**
 * The team this channel's new conversations go to, chosen on the channel itself (the teams page
 * sets the same thing from the team's side): saved on change, the server's refusal beside the field.
 */
export function ChannelTeam({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation('channels');
  const id = useId();
  const queryClient = useQueryClient();
  const teams = useQuery({ queryKey: teamKeys.teams(), queryFn: ({ signal }) => listTeams(signal) });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (teamId: number | null) => setChannelTeam(c.id, teamId),
    onMutate: () => setSaved(false),
    onSuccess: async () => {
      setSaved(true);
      await Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.channels() }), queryClient.invalidateQueries({ queryKey: teamKeys.teams() })]);
    },
  });
  const refusal = save.isError ? (fieldErrorsOf(save.error)['teamId'] ?? errorMessage(save.error)) : null;
  if (teams.isError) return <p className="form-error">{t('team.failed', { message: errorMessage(teams.error) })}</p>;
  return (
    <div className="channel__team field">
      <label htmlFor={`${id}-team`}>{t('team.label')}</label>
      <select
        id={`${id}-team`}
        value={c.teamId ?? ''}
        disabled={!teams.data || save.isPending}
        aria-describedby={`${id}-hint${refusal ? ` ${id}-error` : ''}`}
        aria-invalid={refusal ? true : undefined}
        onChange={(e) => save.mutate(e.target.value ? Number(e.target.value) : null)}
        data-testid="channel-team"
      >
        <option value="">{t('team.none')}</option>
        {teams.data?.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      <p className="field__hint" id={`${id}-hint`}>
        {t('team.hint')}
      </p>
      {refusal && (
        <p className="field__error" id={`${id}-error`} role="alert" data-testid="channel-team-error">
          {refusal}
        </p>
      )}
      {saved && !save.isPending && (
        <p className="field__hint" role="status" data-testid="channel-team-saved">
          {t('team.saved')}
        </p>
      )}
    </div>
  );
}
