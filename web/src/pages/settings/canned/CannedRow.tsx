import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/http.ts';
import { changeCannedResponse, deleteCannedResponse, type CannedResponse } from '../../../api/team-settings-api.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { queryKeys } from '../../../queries/query-keys.ts';
import { CannedForm } from './CannedForm.tsx';
import { useCannedRefusal } from './use-canned-refusal.ts';

/** One canned response: its shortcut and text; for admins, edit in place and delete (asked first). */
export function CannedRow({ canned, editable }: { canned: CannedResponse; editable: boolean }) {
  const { t } = useTranslation('settings-canned');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.canned() });
  const change = useMutation({
    mutationFn: (draft: { shortcut: string; content: string }) => changeCannedResponse(canned.id, draft),
    onSuccess: () => (setEditing(false), refresh()),
  });
  const remove = useMutation({ mutationFn: () => deleteCannedResponse(canned.id), onSuccess: refresh });
  const refusal = useCannedRefusal(change.error);

  if (editing) {
    return (
      <li className="canned-row canned-row--editing" data-testid="canned-row" data-shortcut={canned.shortcut}>
        <CannedForm
          initial={{ shortcut: canned.shortcut, content: canned.content }}
          onSave={(draft) => change.mutate(draft)}
          onCancel={() => (setEditing(false), change.reset())}
          saving={change.isPending}
          refusal={refusal}
          submitLabel={t('edit.submit')}
          testId="edit-canned"
        />
      </li>
    );
  }
  return (
    <li className="canned-row" data-testid="canned-row" data-shortcut={canned.shortcut}>
      <div className="canned-row__text">
        <code className="canned-row__shortcut mono">/{canned.shortcut}</code>
        <p className="canned-row__content" data-testid="canned-content">
          {canned.content}
        </p>
      </div>
      {editable && (
        <div className="canned-row__actions">
          <button type="button" className="button button--small" onClick={() => setEditing(true)} aria-label={t('edit.buttonFor', { shortcut: canned.shortcut })} data-testid="canned-edit">
            {t('edit.button')}
          </button>
          <ConfirmButton
            label={t('delete.button')}
            question={t('delete.confirm', { shortcut: canned.shortcut })}
            yes={t('delete.yes')}
            danger
            disabled={remove.isPending}
            onConfirm={() => remove.mutate()}
            removes
            testId="canned-delete"
          />
        </div>
      )}
      {remove.isError && (
        <p className="form-error" role="alert">
          {errorMessage(remove.error)}
        </p>
      )}
    </li>
  );
}
