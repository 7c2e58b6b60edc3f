import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../../api/presence-api.ts';
import type { Team } from '../../../api/teams-api.ts';
import type { Channel } from '../../../api/types.ts';
import { FieldError } from '../users/FieldError.tsx';
import { STRATEGIES, TEAM_NAME_MAX, toggled, type TeamDraft } from './team-draft.ts';

interface Props {
  idBase: string;
  draft: TeamDraft;
  change: (patch: Partial<TeamDraft>) => void;
  errors: Record<string, string | undefined>;
  users: TeamMember[];
  channels: Channel[];
  teams: Team[];
  teamId: number;
}

/** A team's fields: name, assignment, cap, offline reassignment, response targets, members, channels. */
export function TeamFields({ idBase, draft, change, errors, users, channels, teams, teamId }: Props) {
  const { t } = useTranslation('settings-teams');
  const number = (field: 'cap' | 'firstResponse' | 'nextResponse', error: string, label: string) => (
    <label className="field team-form__number">
      <span className="field__label">{label}</span>
      <input
        inputMode="numeric"
        value={draft[field]}
        onChange={(e) => change({ [field]: e.target.value })}
        placeholder={t('form.none')}
        aria-invalid={!!errors[error]}
        aria-describedby={errors[error] ? `${idBase}-${error}-error` : undefined}
        data-testid={`${idBase}-${field}`}
      />
      <FieldError id={`${idBase}-${error}-error`} message={errors[error]} />
    </label>
  );
  const routedElsewhere = (channel: Channel) => teams.find((x) => x.id !== teamId && x.channelIds.includes(channel.id))?.name;
  return (
    <div className="team-form__grid">
      <label className="field">
        <span className="field__label">{t('form.name')}</span>
        <input value={draft.name} maxLength={TEAM_NAME_MAX} onChange={(e) => change({ name: e.target.value })} aria-invalid={!!errors['name']} data-testid={`${idBase}-name`} />
        <FieldError id={`${idBase}-name-error`} message={errors['name']} />
      </label>
      <label className="field">
        <span className="field__label">{t('form.strategy')}</span>
        <select value={draft.strategy} onChange={(e) => change({ strategy: e.target.value as TeamDraft['strategy'] })} data-testid={`${idBase}-strategy`}>
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {t(`strategy.${s}`)}
            </option>
          ))}
        </select>
        <span className="field__hint">{t(`strategyHint.${draft.strategy}`)}</span>
      </label>
      {number('cap', 'maxOpenPerAgent', t('form.cap'))}
      {number('firstResponse', 'firstResponseMinutes', t('form.firstResponse'))}
      {number('nextResponse', 'nextResponseMinutes', t('form.nextResponse'))}
      <label className="team-form__check">
        <input type="checkbox" checked={draft.reassignOffline} onChange={(e) => change({ reassignOffline: e.target.checked })} data-testid={`${idBase}-reassign`} />
        <span>{t('form.reassignOffline')}</span>
      </label>
      <fieldset className="team-form__choices" data-testid={`${idBase}-members`}>
        <legend>{t('form.members')}</legend>
        {users.length === 0 && <p className="field__hint">{t('form.noUsers')}</p>}
        {users.map((u) => (
          <label key={u.id} className="team-form__check">
            <input type="checkbox" checked={draft.memberIds.includes(u.id)} onChange={(e) => change({ memberIds: toggled(draft.memberIds, u.id, e.target.checked) })} />
            <span>{u.name}</span>
          </label>
        ))}
        <FieldError id={`${idBase}-memberIds-error`} message={errors['memberIds']} />
      </fieldset>
      <fieldset className="team-form__choices" data-testid={`${idBase}-channels`}>
        <legend>{t('form.channels')}</legend>
        {channels.length === 0 && <p className="field__hint">{t('form.noChannels')}</p>}
        {channels.map((c) => (
          <label key={c.id} className="team-form__check">
            <input type="checkbox" checked={draft.channelIds.includes(c.id)} onChange={(e) => change({ channelIds: toggled(draft.channelIds, c.id, e.target.checked) })} />
            <span>
              {c.name}
              {routedElsewhere(c) && !draft.channelIds.includes(c.id) && <span className="field__hint"> {t('form.routedTo', { team: routedElsewhere(c) })}</span>}
            </span>
          </label>
        ))}
        <FieldError id={`${idBase}-channelIds-error`} message={errors['channelIds']} />
      </fieldset>
    </div>
  );
}
