import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createLabel } from '../../../api/team-settings-api.ts';
import { LABEL_PALETTE } from '../../../lib/label-colors.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { FieldError } from '../users/FieldError.tsx';
import { ColorChoice } from './ColorChoice.tsx';
import { LABEL_NAME_MAX, nameProblem } from './label-form.ts';
import { useLabelRefusal } from './use-label-refusal.ts';

/** A new label: its name (checked before sending) and a colour from the palette. */
export function NewLabelForm() {
  const { t } = useTranslation('settings-labels');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [color, setColor] = useState<string>(LABEL_PALETTE[6].color);
  const [problem, setProblem] = useState<ReturnType<typeof nameProblem>>(null);
  const [added, setAdded] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createLabel,
    onSuccess: (label) => {
      setAdded(label.name);
      setName('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.labels() });
    },
  });
  const refusal = useLabelRefusal(create.error, name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = nameProblem(name);
    setProblem(found);
    setAdded(null);
    if (!found) create.mutate({ name: name.trim(), color });
  };
  const nameError = problem ? t(`errors.${problem}`) : refusal.fields['name'];
  return (
    <section className="card" aria-labelledby="new-label-title">
      <h2 id="new-label-title">{t('create.title')}</h2>
      <form onSubmit={submit} noValidate className="label-form" data-testid="new-label-form">
        <label className="field">
          <span className="field__label">{t('form.name')}</span>
          <input
            value={name}
            onChange={(e) => (setName(e.target.value), setProblem(null), create.reset())}
            maxLength={LABEL_NAME_MAX + 10}
            autoComplete="off"
            aria-invalid={!!nameError}
            aria-describedby={nameError ? 'new-label-name-error' : undefined}
            data-testid="new-label-name"
          />
          <FieldError id="new-label-name-error" message={nameError} />
        </label>
        <ColorChoice value={color} onChange={setColor} name="new-label-color" testId="new-label-color" />
        <FieldError id="new-label-color-error" message={refusal.fields['color']} />
        {refusal.form && (
          <p className="form-error" role="alert">
            {refusal.form}
          </p>
        )}
        <div className="label-form__actions">
          <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="new-label-submit">
            {create.isPending ? t('form.saving') : t('create.submit')}
          </button>
        </div>
      </form>
      {added && (
        <p role="status" className="label-added" data-testid="new-label-added">
          {t('create.added', { name: added })}
        </p>
      )}
    </section>
  );
}
