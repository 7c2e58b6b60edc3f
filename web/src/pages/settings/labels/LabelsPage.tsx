import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/session.tsx';
import { useLabels } from '../../../queries/use-team-settings.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { LabelRow } from './LabelRow.tsx';
import { NewLabelForm } from './NewLabelForm.tsx';
import '../users/people.css';
import './labels.css';

/**
 * Settings → Labels: the organisation's labels, their colour and how many conversations carry
 * each. Everyone reads them (the inbox offers them); admins add, rename, recolour and delete them.
 */
export function LabelsPage() {
  const { t } = useTranslation('settings-labels');
  const me = useMe();
  const isAdmin = me.role === 'admin';
  return (
    <SettingsPage title={t('title')} sub={isAdmin ? t('sub') : t('subAgent')} testId="labels-page">
      {isAdmin && <NewLabelForm />}
      <LabelList editable={isAdmin} />
    </SettingsPage>
  );
}

function LabelList({ editable }: { editable: boolean }) {
  const { t } = useTranslation('settings-labels');
  const labels = useLabels();
  return (
    <section className="card" aria-labelledby="labels-list-title">
      <h2 id="labels-list-title">{t('list.title')}</h2>
      <LoadState query={labels} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
      {labels.data?.length === 0 && (
        <p className="notice" data-testid="labels-empty">
          {t('list.empty')}
        </p>
      )}
      {!!labels.data?.length && (
        <table className="table people-table labels-table" data-testid="labels-table">
          <thead>
            <tr>
              <th scope="col">{t('list.name')}</th>
              <th scope="col">{t('list.conversations')}</th>
              {editable && <th scope="col">{t('list.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {labels.data.map((l) => (
              <LabelRow key={l.id} label={l} editable={editable} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
