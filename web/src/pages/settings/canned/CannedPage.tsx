import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createCannedResponse } from '../../../api/team-settings-api.ts';
import { useMe } from '../../../app/session.tsx';
import { queryKeys } from '../../../queries/query-keys.ts';
import { useCannedList } from '../../../queries/use-team-settings.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { CannedForm } from './CannedForm.tsx';
import { CannedRow } from './CannedRow.tsx';
import { useCannedRefusal } from './use-canned-refusal.ts';
import './canned.css';

/**
 * Settings → Canned responses. Everyone reads them (the composer offers them to every agent);
 * admins add, change and delete them, as the server allows.
 */
export function CannedPage() {
  const { t } = useTranslation('settings-canned');
  const me = useMe();
  const isAdmin = me.role === 'admin';
  return (
    <SettingsPage title={t('title')} sub={isAdmin ? t('sub') : t('subAgent')} testId="canned-page">
      {isAdmin && <NewCanned />}
      <CannedList editable={isAdmin} />
    </SettingsPage>
  );
}

function NewCanned() {
  const { t } = useTranslation('settings-canned');
  const queryClient = useQueryClient();
  // A new key after each save empties the form (its own state starts again).
  const [round, setRound] = useState(0);
  const [added, setAdded] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createCannedResponse,
    onSuccess: (saved) => {
      setAdded(saved.shortcut);
      setRound((r) => r + 1);
      void queryClient.invalidateQueries({ queryKey: queryKeys.canned() });
    },
  });
  const refusal = useCannedRefusal(create.error);
  return (
    <section className="card" aria-labelledby="new-canned-title">
      <h2 id="new-canned-title">{t('create.title')}</h2>
      <CannedForm
        key={round}
        initial={{ shortcut: '', content: '' }}
        onSave={(draft) => (setAdded(null), create.mutate(draft))}
        saving={create.isPending}
        refusal={refusal}
        submitLabel={t('create.submit')}
        testId="new-canned"
      />
      {added && (
        <p role="status" className="canned-added" data-testid="new-canned-added">
          {t('create.added', { shortcut: added })}
        </p>
      )}
    </section>
  );
}

function CannedList({ editable }: { editable: boolean }) {
  const { t } = useTranslation('settings-canned');
  const list = useCannedList();
  return (
    <section className="card" aria-labelledby="canned-list-title">
      <h2 id="canned-list-title">{t('list.title')}</h2>
      <LoadState query={list} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
      {list.data?.length === 0 && (
        <p className="notice" data-testid="canned-empty">
          {t('list.empty')}
        </p>
      )}
      {!!list.data?.length && (
        <ul className="canned-list" data-testid="canned-list">
          {list.data.map((c) => (
            <CannedRow key={c.id} canned={c} editable={editable} />
          ))}
        </ul>
      )}
    </section>
  );
}
