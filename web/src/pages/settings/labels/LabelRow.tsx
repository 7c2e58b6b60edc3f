import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/http.ts';
import { changeLabel, deleteLabel, type Label } from '../../../api/team-settings-api.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { LabelChip } from '../../../components/LabelChip.tsx';
import { queryKeys } from '../../../queries/query-keys.ts';
import { LabelEditForm } from './LabelEditForm.tsx';

/**
 * One label: its chip in its colour and how many conversations carry it; for admins, rename or
 * recolour in place and delete (asked first, saying how many conversations lose it).
 */
export function LabelRow({ label, editable }: { label: Label; editable: boolean }) {
  const { t } = useTranslation('settings-labels');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  // A rename or deletion rewrites conversations: their lists and details are read again (live updates bring them too).
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.labels() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.conversations() });
  };
  const change = useMutation({
    mutationFn: (body: { name?: string; color?: string }) => changeLabel(label.id, body),
    onSuccess: (r) => (setEditing(false), setOutcome(r.relabeled > 0 ? t('edit.relabeled', { count: r.relabeled }) : t('edit.saved')), refresh()),
  });
  const remove = useMutation({ mutationFn: () => deleteLabel(label.id), onSuccess: refresh });
  return (
    <tr data-testid="label-row" data-name={label.name}>
      <td data-label={t('list.name')}>
        {editing ? <LabelEditForm label={label} mutation={change} onCancel={() => (setEditing(false), change.reset())} /> : <LabelChip name={label.name} color={label.color} testId="label-chip" />}
        {outcome && !editing && (
          <p role="status" className="label-row__outcome" data-testid="label-outcome">
            {outcome}
          </p>
        )}
      </td>
      <td data-label={t('list.conversations')} data-testid="label-count">
        {t('list.count', { count: label.conversations })}
      </td>
      {editable && (
        <td data-label={t('list.actions')}>
          <span className="people-table__actions">
            {!editing && (
              <button
                type="button"
                className="button button--small"
                onClick={() => (setOutcome(null), setEditing(true))}
                aria-label={t('edit.buttonFor', { name: label.name })}
                data-testid="label-edit"
              >
                {t('edit.button')}
              </button>
            )}
            <ConfirmButton
              label={t('delete.button')}
              question={t('delete.confirm', { name: label.name, count: label.conversations })}
              yes={t('delete.yes')}
              danger
              disabled={remove.isPending}
              onConfirm={() => remove.mutate()}
              removes
              testId="label-delete"
            />
          </span>
          {remove.isError && (
            <p className="form-error" role="alert">
              {errorMessage(remove.error)}
            </p>
          )}
        </td>
      )}
    </tr>
  );
}
