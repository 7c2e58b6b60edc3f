import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createTeam, teamKeys } from '../../../api/teams-api.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { FieldError } from '../users/FieldError.tsx';
import { TEAM_NAME_MAX } from './team-draft.ts';

/** A new team by its name; members, channels and the rest are set on its card. */
export function NewTeamForm() {
  const { t } = useTranslation('settings-teams');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [empty, setEmpty] = useState(false);
  const create = useMutation({
    mutationFn: createTeam,
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: teamKeys.teams() });
    },
  });
  const refusal = refusalOf(create.error, ['name']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!name.trim());
    if (name.trim()) create.mutate({ name: name.trim() });
  };
  const nameError = empty ? t('errors.nameEmpty') : create.error && refusal.fields['name'] ? t('errors.nameTaken', { name: name.trim() }) : undefined;
  return (
    <section className="card" aria-labelledby="new-team-title">
      <h2 id="new-team-title">{t('create.title')}</h2>
      <form onSubmit={submit} noValidate className="team-new" data-testid="new-team-form">
        <label className="field">
          <span className="field__label">{t('form.name')}</span>
          <input
            value={name}
            onChange={(e) => (setName(e.target.value), setEmpty(false), create.reset())}
            maxLength={TEAM_NAME_MAX}
            autoComplete="off"
            aria-invalid={!!nameError}
            aria-describedby={nameError ? 'new-team-name-error' : undefined}
            data-testid="new-team-name"
          />
          <FieldError id="new-team-name-error" message={nameError} />
        </label>
        {refusal.form && (
          <p className="form-error" role="alert">
            {refusal.form}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="new-team-submit">
          {create.isPending ? t('form.saving') : t('create.submit')}
        </button>
      </form>
    </section>
  );
}
