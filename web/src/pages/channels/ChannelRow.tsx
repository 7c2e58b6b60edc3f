import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteChannel } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { Channel } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { platformFailureLine } from '../../components/PlatformFailure.tsx';
import { serverText } from '../../i18n/server-text.ts';
import { formatRelative } from '../../lib/time-format.ts';
import { ChannelTeam } from './ChannelTeam.tsx';

/** One connected account: platform, health, last webhook, token expiry, errors; disconnect. */
export function ChannelRow({ channel: c, now, onChanged }: { channel: Channel; now: Date; onChanged: () => void }) {
  const { t } = useTranslation('channels');
  const health = c.health?.status ?? (c.connectionState === 'connected' ? 'ok' : 'error');
  return (
    <li className={`card channel channel--${health}`} data-testid="channel-row" data-channel-id={c.id} data-platform={c.platform} data-health={health}>
      <div className="channel__head">
        <PlatformBadge platform={c.platform} />
        <h3 className="channel__name">{c.name}</h3>
        <span className={`health health--${health}`}>{t(`health.${health === 'ok' || health === 'warning' ? health : 'error'}`)}</span>
      </div>
      <ChannelFacts channel={c} now={now} />
      <ChannelTeam channel={c} />
      {c.lastError && (
        <p className="channel__error" data-testid="channel-last-error">
          {c.lastErrorAt ? t('row.lastErrorWhen', { when: formatRelative(c.lastErrorAt, now), error: lastError(c) }) : t('row.lastError', { error: lastError(c) })}
        </p>
      )}
      <WebhookNote channel={c} />
      {c.health && c.health.warnings.length > 0 && (
        <ul className="channel__warnings">
          {c.health.warnings.map((w, i) => (
            <li key={w}>{serverText(c.health.warningTexts?.[i], w)}</li>
          ))}
        </ul>
      )}
      <ChannelActions channel={c} onChanged={onChanged} />
    </li>
  );
}

/** The last error's class in the reader's language, the platform's own words beside it (English: the server's sentence). */
const lastError = (c: Channel): string => platformFailureLine({ code: c.lastErrorCode, reason: c.lastError, detail: c.lastErrorDetail });

/** What the platform said about its webhook while it still delivers (a missing one is among the warnings). */
function WebhookNote({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation('channels-connect');
  if (c.subscription?.state !== 'subscribed' || !c.subscription.detail) return null;
  return (
    <p className="channel__note" data-testid="webhook-note">
      {t('webhookNote', { detail: serverText(c.subscription.detailText, c.subscription.detail) })}
    </p>
  );
}

function ChannelFacts({ channel: c, now }: { channel: Channel; now: Date }) {
  const { t } = useTranslation('channels');
  const expires = c.tokenExpiresAt ? new Date(c.tokenExpiresAt) : null;
  const when = formatRelative(c.tokenExpiresAt, now);
  return (
    <dl className="channel__facts">
      <dt>{t('row.account')}</dt>
      <dd className="mono">{c.externalAccountId}</dd>
      <dt>{t('row.state')}</dt>
      <dd>{t(`state.${c.connectionState}`, { defaultValue: c.connectionState })}</dd>
      <dt>{t('row.lastWebhook')}</dt>
      <dd data-testid="last-webhook">{c.lastWebhookAt ? formatRelative(c.lastWebhookAt, now) : t('row.noWebhook')}</dd>
      <dt>{t('row.token')}</dt>
      <dd>{expires ? (expires.getTime() < now.getTime() ? t('row.expired', { when }) : t('row.expires', { when })) : t('row.noExpiry')}</dd>
      {c.source && (
        <>
          <dt>{t('row.addedBy')}</dt>
          <dd>{t(`source.${c.source}`)}</dd>
        </>
      )}
    </dl>
  );
}

/** Reconnect (the platform's OAuth flow, a full page load) and disconnect, confirmed first. */
function ChannelActions({ channel: c, onChanged }: { channel: Channel; onChanged: () => void }) {
  const { t } = useTranslation(['channels', 'common']);
  const [confirming, setConfirming] = useState(false);
  const disconnect = useMutation({ mutationFn: () => deleteChannel(c.id), onSuccess: onChanged, onSettled: () => setConfirming(false) });
  return (
    <>
      <div className="channel__actions">
        {c.connectionState !== 'connected' && (
          <a className="button button--small" href={`/api/v1/platforms/connect/${c.platform}`} data-testid="reconnect-channel">
            {t('row.reconnect')}
          </a>
        )}
        {c.connectionState !== 'disconnected' &&
          (confirming ? (
            <span className="confirm" role="group" aria-label={t('row.confirmLabel')}>
              {t('row.confirm', { name: c.name })}
              <button type="button" className="button button--small button--danger" onClick={() => disconnect.mutate()} disabled={disconnect.isPending} data-testid="confirm-disconnect">
                {t('row.disconnect')}
              </button>
              <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>
                {t('common:actions.cancel')}
              </button>
            </span>
          ) : (
            <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(true)} data-testid="disconnect-channel">
              {t('row.disconnect')}
            </button>
          ))}
      </div>
      {disconnect.isError && (
        <p className="form-error" role="alert">
          {errorMessage(disconnect.error)}
        </p>
      )}
    </>
  );
}
