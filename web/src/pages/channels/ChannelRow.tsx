import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteChannel } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { Channel } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { formatRelative } from '../../lib/time-format.ts';

const STATE_LABEL = { connected: 'Connected', needs_reconnect: 'Needs reconnecting', disconnected: 'Disconnected', error: 'Error' };

/** One connected account: platform, health, last webhook, token expiry, errors; disconnect. */
export function ChannelRow({ channel: c, now, onChanged }: { channel: Channel; now: Date; onChanged: () => void }) {
  const health = c.health?.status ?? (c.connectionState === 'connected' ? 'ok' : 'error');
  return (
    <li className={`card channel channel--${health}`} data-testid="channel-row" data-channel-id={c.id} data-platform={c.platform} data-health={health}>
      <div className="channel__head">
        <PlatformBadge platform={c.platform} />
        <h3 className="channel__name">{c.name}</h3>
        <span className={`health health--${health}`}>{health === 'ok' ? 'Healthy' : health === 'warning' ? 'Warning' : 'Problem'}</span>
      </div>
      <ChannelFacts channel={c} now={now} />
      {c.lastError && (
        <p className="channel__error">
          Last error{c.lastErrorAt ? ` (${formatRelative(c.lastErrorAt, now)})` : ''}: {c.lastError}
        </p>
      )}
      <WebhookNote channel={c} />
      {c.health && c.health.warnings.length > 0 && (
        <ul className="channel__warnings">
          {c.health.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <ChannelActions channel={c} onChanged={onChanged} />
    </li>
  );
}

/** What the platform said about its webhook while it still delivers (a missing one is among the warnings). */
function WebhookNote({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation('channels-connect');
  if (c.subscription?.state !== 'subscribed' || !c.subscription.detail) return null;
  return (
    <p className="channel__note" data-testid="webhook-note">
      {t('webhookNote', { detail: c.subscription.detail })}
    </p>
  );
}

function ChannelFacts({ channel: c, now }: { channel: Channel; now: Date }) {
  const expires = c.tokenExpiresAt ? new Date(c.tokenExpiresAt) : null;
  return (
    <dl className="channel__facts">
      <dt>Account</dt>
      <dd className="mono">{c.externalAccountId}</dd>
      <dt>State</dt>
      <dd>{STATE_LABEL[c.connectionState] ?? c.connectionState}</dd>
      <dt>Last webhook</dt>
      <dd data-testid="last-webhook">{c.lastWebhookAt ? formatRelative(c.lastWebhookAt, now) : 'none received yet'}</dd>
      <dt>Token</dt>
      <dd>{expires ? `${expires.getTime() < now.getTime() ? 'expired' : 'expires'} ${formatRelative(c.tokenExpiresAt, now)}` : 'no expiry known'}</dd>
      {c.source && (
        <>
          <dt>Added by</dt>
          <dd>{c.source}</dd>
        </>
      )}
    </dl>
  );
}

/** Reconnect (the platform's OAuth flow, a full page load) and disconnect, confirmed first. */
function ChannelActions({ channel: c, onChanged }: { channel: Channel; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const disconnect = useMutation({ mutationFn: () => deleteChannel(c.id), onSuccess: onChanged, onSettled: () => setConfirming(false) });
  return (
    <>
      <div className="channel__actions">
        {c.connectionState !== 'connected' && (
          <a className="button button--small" href={`/api/v1/platforms/connect/${c.platform}`} data-testid="reconnect-channel">
            Reconnect
          </a>
        )}
        {c.connectionState !== 'disconnected' &&
          (confirming ? (
            <span className="confirm" role="group" aria-label="Confirm disconnect">
              Disconnect {c.name}? Its conversations stay.
              <button type="button" className="button button--small button--danger" onClick={() => disconnect.mutate()} disabled={disconnect.isPending} data-testid="confirm-disconnect">
                Disconnect
              </button>
              <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(true)} data-testid="disconnect-channel">
              Disconnect
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
