import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/http.ts';
import { deleteWebhookSubscription, enableWebhookSubscription, type WebhookSubscription } from '../../../api/webhook-subscriptions-api.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { useNow } from '../../../components/use-now.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { useLastDelivery } from '../../../queries/use-webhook-subscriptions.ts';
import { DeliveriesLog } from './DeliveriesLog.tsx';
import { WebhookProblem } from './webhook-problem.tsx';

/** One subscription: where it posts, what, whether it is healthy, its last delivery; enable, delete, its log. */
export function SubscriptionItem({ subscription: s }: { subscription: WebhookSubscription }) {
  const { t } = useTranslation('settings-integrations');
  const format = useFormat();
  const now = useNow(60_000);
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.webhookSubscriptions() });
  const remove = useMutation({ mutationFn: () => deleteWebhookSubscription(s.id), onSuccess: refresh });
  const enable = useMutation({ mutationFn: () => enableWebhookSubscription(s.id), onSuccess: refresh });
  const state = s.disabledAt ? 'disabled' : s.failingSince ? 'failing' : 'active';
  const logId = `hook-log-${s.id}`;
  return (
    <li className="hook-item" data-testid="subscription" data-url={s.url} data-state={state}>
      <div className="hook-item__head">
        <span className="hook-item__url mono" data-testid="subscription-url">
          {s.url}
        </span>
        <span className={`hook-state hook-state--${state}`} data-testid="subscription-state">
          {t(`state.${state}`)}
        </span>
      </div>
      {s.description && <p className="hook-item__description">{s.description}</p>}
      {s.disabledAt && (
        <p className="form-error" data-testid="subscription-disabled-reason">
          {t('state.disabledAt', { when: format.dateTime(s.disabledAt) })}{' '}
          {s.disabledReason ? <WebhookProblem text={s.disabledReasonText} english={s.disabledReason} testId="subscription-disabled-why" /> : t('state.noReason')} {t('state.nothingSent')}
        </p>
      )}
      {!s.disabledAt && s.failingSince && <p className="hook-muted">{t('state.failingSince', { when: format.relative(s.failingSince, now) })}</p>}
      <dl className="hook-facts">
        <dt>{t('list.events')}</dt>
        <dd className="mono">{s.events.join(', ')}</dd>
        <dt>{t('list.lastDelivery')}</dt>
        <dd>
          <LastDelivery id={s.id} />
        </dd>
      </dl>
      <div className="hook-actions">
        <button type="button" className="button button--small" aria-expanded={open} aria-controls={logId} onClick={() => setOpen(!open)} data-testid="subscription-log-toggle">
          {open ? t('list.hideLog') : t('list.showLog')}
        </button>
        {s.disabledAt && (
          <button type="button" className="button button--small button--primary" disabled={enable.isPending} onClick={() => enable.mutate()} data-testid="subscription-enable">
            {t('list.enable')}
          </button>
        )}
        <ConfirmButton
          label={t('delete.button')}
          question={t('delete.confirm')}
          yes={t('delete.yes')}
          danger
          disabled={remove.isPending}
          onConfirm={() => remove.mutate()}
          removes
          testId="subscription-delete"
        />
      </div>
      {(remove.isError || enable.isError) && (
        <p className="form-error" role="alert">
          {errorMessage(remove.error ?? enable.error)}
        </p>
      )}
      {open && <DeliveriesLog subscriptionId={s.id} domId={logId} />}
    </li>
  );
}

function LastDelivery({ id }: { id: number }) {
  const { t } = useTranslation('settings-integrations');
  const format = useFormat();
  const now = useNow(60_000);
  const last = useLastDelivery(id);
  if (last.isPending) return <span className="hook-muted">…</span>;
  if (last.isError) return <span className="hook-muted">{t('list.lastUnknown')}</span>;
  if (!last.data) return <span className="hook-muted">{t('list.noDelivery')}</span>;
  const d = last.data;
  const at = d.deliveredAt ?? d.lastAttemptAt ?? d.createdAt;
  return (
    <span data-testid="subscription-last-delivery" data-state={d.state}>
      <span className={`hook-delivery-state hook-delivery-state--${d.state}`}>{t(`delivery.state.${d.state}`)}</span> <span className="mono">{d.eventType}</span>{' '}
      <time dateTime={at} title={format.dateTime(at)}>
        {format.relative(at, now)}
      </time>
    </span>
  );
}
