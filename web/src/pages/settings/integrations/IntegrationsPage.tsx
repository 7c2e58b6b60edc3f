import { useTranslation } from 'react-i18next';
import { useWebhookSubscriptions } from '../../../queries/use-webhook-subscriptions.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { NewSubscriptionForm } from './NewSubscriptionForm.tsx';
import { SubscriptionItem } from './SubscriptionItem.tsx';
import './integrations.css';

/**
 * Settings → Integrations (admins): outgoing webhooks. Subscribe a URL to snorq's events (its
 * signing secret shown once), see each subscription's health and delivery log, send one again.
 * docs/WEBHOOKS.md tells the receiving side what arrives and how to check it.
 */
export function IntegrationsPage() {
  const { t } = useTranslation('settings-integrations');
  return (
    <SettingsPage title={t('title')} sub={t('sub')} adminOnly testId="integrations-page">
      <NewSubscriptionForm />
      <SubscriptionList />
    </SettingsPage>
  );
}

function SubscriptionList() {
  const { t } = useTranslation('settings-integrations');
  const subscriptions = useWebhookSubscriptions();
  return (
    <section className="card" aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">{t('list.title')}</h2>
      <LoadState query={subscriptions} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
      {subscriptions.data?.length === 0 && (
        <p className="notice" data-testid="subscriptions-empty">
          {t('list.empty')}
        </p>
      )}
      {!!subscriptions.data?.length && (
        <ul className="hook-list" data-testid="subscriptions">
          {subscriptions.data.map((s) => (
            <SubscriptionItem key={s.id} subscription={s} />
          ))}
        </ul>
      )}
    </section>
  );
}
