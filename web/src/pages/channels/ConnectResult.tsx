import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import { navigate } from 'wouter/use-browser-location';
import { usePlatformName, usePlatformsQuery } from '../../queries/use-platforms.ts';

/**
 * What the server's connect flow reported when it sent the admin back here
 * (`?connected=<platform>[&warning=…]` or `?error=…&platform=…`, src/server/routes/oauth.ts).
 * Shown as text only; dismissing drops the query so a reload does not show it again.
 */
export function ConnectResult() {
  const { t } = useTranslation('channels');
  const [search] = useSearchParams();
  const platformLabel = usePlatformName();
  // Shown once the platforms' names are known (or could not be read), never with a bare id.
  const { isPending } = usePlatformsQuery();
  const connected = search.get('connected');
  const error = search.get('error');
  const warning = search.get('warning');
  if ((!connected && !error) || isPending) return null;
  const platform = connected ?? search.get('platform');
  const dismiss = () => navigate('/settings/channels', { replace: true });
  return (
    <div className={`connect-result connect-result--${error ? 'error' : 'ok'}`} role={error ? 'alert' : 'status'} data-testid="connect-result">
      {error ? <p>{t('result.failed', { platform: platform ? platformLabel(platform) : t('result.theAccount'), error })}</p> : <p>{t('result.connected', { platform: platformLabel(connected!) })}</p>}
      {warning && <p className="connect-result__warning">{warning}</p>}
      <button type="button" className="button button--small button--ghost" onClick={dismiss}>
        {t('result.dismiss')}
      </button>
    </div>
  );
}
