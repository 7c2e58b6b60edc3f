import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../api/team-settings-api.ts';
import { FieldError } from '../users/FieldError.tsx';
import { ColorChoice } from './ColorChoice.tsx';
import { LABEL_NAME_MAX, nameProblem } from './label-form.ts';
import { useLabelRefusal } from './use-label-refusal.ts';

type Change = { name?: string; color?: string };

interface Props {
  label: Label;
  mutation: UseMutationResult<unknown, Error, Change>;
  onCancel: () => void;
}

/** Rename and/or recolour a label; only what changed is sent (a rename relabels its conversations). */
export function LabelEditForm({ label, mutation, onCancel }: Props) {
  const { t } = useTranslation('settings-labels');
  const id = `edit-label-${label.id}`;
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(label.color);
  const [problem, setProblem] = useState<ReturnType<typeof nameProblem>>(null);
  const refusal = useLabelRefusal(mutation.error, name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = nameProblem(name);
    setProblem(found);
    if (found) return;
    const body: Change = {
      ...(name.trim() !== label.name && { name: name.trim() }),
      ...(color.toLowerCase() !== label.color.toLowerCase() && { color }),
    };
    if (body.name === undefined && body.color === undefined) return onCancel();
    mutation.mutate(body);
  };
  const nameError = problem ? t(`errors.${problem}`) : refusal.fields['name'];
  return (
    <form onSubmit={submit} noValidate className="label-form label-form--edit" data-testid="edit-label-form">
      <label className="field">
        <span className="field__label">{t('form.name')}</span>
        <input
          value={name}
          onChange={(e) => (setName(e.target.value), setProblem(null), mutation.reset())}
          maxLength={LABEL_NAME_MAX + 10}
          autoComplete="off"
          autoFocus
          aria-invalid={!!nameError}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
          data-testid="edit-label-name"
        />
        <FieldError id={`${id}-name-error`} message={nameError} />
      </label>
      {name.trim() !== label.name && label.conversations > 0 && !nameError && (
        <p className="field__hint" data-testid="edit-label-relabel-hint">
          {t('edit.relabelHint', { count: label.conversations })}
        </p>
      )}
      <ColorChoice value={color} onChange={setColor} name={`${id}-color`} testId="edit-label-color" />
      {refusal.form && (
        <p className="form-error" role="alert">
          {refusal.form}
        </p>
      )}
      <div className="label-form__actions">
        <button type="submit" className="button button--primary button--small" disabled={mutation.isPending} data-testid="edit-label-submit">
          {mutation.isPending ? t('form.saving') : t('edit.submit')}
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
