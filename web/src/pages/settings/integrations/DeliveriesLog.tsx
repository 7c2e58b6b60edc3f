import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/http.ts';
import { redeliverWebhook, type WebhookDelivery } from '../../../api/webhook-subscriptions-api.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { useWebhookDeliveries } from '../../../queries/use-webhook-subscriptions.ts';
import { LoadState } from '../SettingsPage.tsx';
import { WebhookProblem } from './webhook-problem.tsx';

/** A subscription's deliveries, newest first: what was sent, how it went, and "send again". */
export function DeliveriesLog({ subscriptionId, domId }: { subscriptionId: number; domId: string }) {
  const { t } = useTranslation('settings-integrations');
  const queryClient = useQueryClient();
  const log = useWebhookDeliveries(subscriptionId);
  const deliveries = log.data?.pages.flatMap((p) => p.deliveries) ?? [];
  const newest = deliveries[0];
  // The log is read more often than the list's "last delivery": what it learns, the list shows at once.
  useEffect(() => {
    if (newest) queryClient.setQueryData(queryKeys.webhookLastDelivery(subscriptionId), newest);
  }, [newest, queryClient, subscriptionId]);
  return (
    <div className="hook-log" id={domId} data-testid="deliveries">
      <h3 className="hook-log__title">{t('delivery.title')}</h3>
      <LoadState query={log} loading={t('delivery.loading')} failed={(message) => t('delivery.failed', { message })} />
      {log.data && deliveries.length === 0 && <p className="notice">{t('delivery.empty')}</p>}
      {deliveries.length > 0 && (
        <table className="table hook-table">
          <thead>
            <tr>
              <th scope="col">{t('delivery.event')}</th>
              <th scope="col">{t('delivery.stateColumn')}</th>
              <th scope="col">{t('delivery.attempts')}</th>
              <th scope="col">{t('delivery.last')}</th>
              <th scope="col">{t('delivery.responseTime')}</th>
              <th scope="col">{t('delivery.time')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('delivery.sendAgain')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <DeliveryRow key={d.id} subscriptionId={subscriptionId} delivery={d} />
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" className="button button--small" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()} data-testid="deliveries-more">
          {t('delivery.more')}
        </button>
      )}
    </div>
  );
}

function DeliveryRow({ subscriptionId, delivery: d }: { subscriptionId: number; delivery: WebhookDelivery }) {
  const { t } = useTranslation('settings-integrations');
  const format = useFormat();
  const queryClient = useQueryClient();
  const again = useMutation({
    mutationFn: () => redeliverWebhook(subscriptionId, d.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', subscriptionId] }),
  });
  // A failure's sentence names its status; a success shows the status alone.
  const last = d.lastError ? <WebhookProblem text={d.lastErrorText} english={d.lastError} testId="delivery-error" /> : d.lastStatus !== null ? t('delivery.status', { status: d.lastStatus }) : '—';
  return (
    <tr data-testid="delivery" data-event-id={d.eventId} data-state={d.state} data-attempts={d.attempts}>
      <td data-label={t('delivery.event')}>
        <span className="hook-delivery__event">
          <code className="mono">{d.eventType}</code>
          <span className="hook-muted mono" title={t('delivery.eventId')}>
            {d.eventId}
          </span>
        </span>
      </td>
      <td data-label={t('delivery.stateColumn')}>
        <span className={`hook-delivery-state hook-delivery-state--${d.state}`} data-testid="delivery-state">
          {t(`delivery.state.${d.state}`)}
        </span>
        {d.state === 'pending' && d.nextAttemptAt && d.attempts > 0 && <span className="hook-muted"> {t('delivery.nextAt', { time: format.time(d.nextAttemptAt) })}</span>}
      </td>
      <td data-label={t('delivery.attempts')} data-testid="delivery-attempts">
        {format.number(d.attempts)}
      </td>
      <td data-label={t('delivery.last')} className="hook-delivery__last">
        {last}
      </td>
      <td data-label={t('delivery.responseTime')}>{d.lastResponseMs !== null ? format.number(d.lastResponseMs, { style: 'unit', unit: 'millisecond', unitDisplay: 'short' }) : '—'}</td>
      <td data-label={t('delivery.time')}>
        <time dateTime={d.createdAt}>{format.dateTime(d.createdAt)}</time>
      </td>
      <td>
        <button type="button" className="button button--small" disabled={again.isPending} onClick={() => again.mutate()} data-testid="delivery-send-again">
          {t('delivery.sendAgain')}
        </button>
        {again.isSuccess && (
          <span className="hook-muted" role="status">
            {' '}
            {t('delivery.queued')}
          </span>
        )}
        {again.isError && (
          <span className="field__error" role="alert">
            {errorMessage(again.error)}
          </span>
        )}
      </td>
    </tr>
  );
}
