import { useTranslation } from 'react-i18next';
import { useBusinessTime, useOrganization } from '../../../queries/use-team-settings.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { OrganisationForm } from './OrganisationForm.tsx';
import './organisation.css';

/**
 * Settings → Organisation (admins): the name, the time zone, the weekly business hours and the
 * holidays, which the dashboard's response times and automation's away messages go by.
 */
export function OrganisationPage() {
  const { t } = useTranslation('settings-organisation');
  return (
    <SettingsPage title={t('title')} sub={t('sub')} adminOnly testId="organisation-page">
      <OrganisationContent />
    </SettingsPage>
  );
}

function OrganisationContent() {
  const { t } = useTranslation('settings-organisation');
  const org = useOrganization();
  return (
    <>
      <OpenNow />
      <LoadState query={org} loading={t('loading')} failed={(message) => t('failed', { message })} />
      {org.data && <OrganisationForm key={org.data.id} organization={org.data} />}
    </>
  );
}

/** Where the hours count, and whether the organisation is open at this moment (asked of the server). */
function OpenNow() {
  const { t } = useTranslation('settings-organisation');
  const open = useBusinessTime();
  let state = '';
  if (open.data) {
    if (open.data.holiday) state = t('openNow.holiday', { name: open.data.holiday, zone: open.data.timeZone });
    else state = open.data.open ? t('openNow.open', { zone: open.data.timeZone }) : t('openNow.closed', { zone: open.data.timeZone });
  }
  return (
    <section className="card org-use" aria-labelledby="org-use-title">
      <h2 id="org-use-title">{t('openNow.title')}</h2>
      <p>{t('openNow.used')}</p>
      {open.data && (
        <p className={`org-open org-open--${open.data.open ? 'open' : 'closed'}`} role="status" data-testid="org-open-now" data-open={open.data.open}>
          {state}
        </p>
      )}
    </section>
  );
}
