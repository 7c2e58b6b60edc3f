import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listChannels } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import { PlatformIcon } from '../../components/PlatformIcon.tsx';
import { useNow } from '../../components/use-now.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { usePlatforms } from '../../queries/use-platforms.ts';
import { AddChannelForm } from './AddChannelForm.tsx';
import { ChannelRow } from './ChannelRow.tsx';
import { ConnectByForm } from './ConnectByForm.tsx';
import { ConnectResult } from './ConnectResult.tsx';
import './channels.css';

/** Settings → Channels: what is connected, how healthy it is, and connecting more. */
export function ChannelsPage() {
  const { t } = useTranslation('channels');
  const [adding, setAdding] = useState(false);
  const now = useNow(60_000);
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: queryKeys.channels(), queryFn: ({ signal }) => listChannels(signal) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: queryKeys.channels() });

  useEffect(() => {
    document.title = t('pageTitle');
  }, [t]);

  return (
    <main className="page channels" id="main">
      <div className="page__head">
        <h1>{t('title')}</h1>
        <p className="page__sub">{t('sub')}</p>
      </div>
      <ConnectResult />

      <section className="card" aria-labelledby="connect-title">
        <h2 id="connect-title">{t('connectTitle')}</h2>
        <ConnectSection onConnected={reload} />
        <p className="page__sub">
          {t('noOAuth')}{' '}
          <button type="button" className="link-button" aria-expanded={adding} onClick={() => setAdding((a) => !a)} data-testid="add-by-credentials">
            {t('byCredentials')}
          </button>
        </p>
        {adding && (
          <AddChannelForm
            onAdded={() => {
              setAdding(false);
              reload();
            }}
          />
        )}
      </section>

      <section aria-labelledby="connected-title">
        <h2 id="connected-title">{t('connected')}</h2>
        {channels.isPending && <p role="status">{t('loading')}</p>}
        {channels.isError && (
          <p className="form-error" role="alert">
            {t('failed', { message: errorMessage(channels.error) })}
          </p>
        )}
        {channels.data &&
          (channels.data.length === 0 ? (
            <p className="notice" data-testid="channels-empty">
              {t('empty')}
            </p>
          ) : (
            <ul className="channel-list">
              {channels.data.map((c) => (
                <ChannelRow key={c.id} channel={c} now={now} onChanged={reload} />
              ))}
            </ul>
          ))}
      </section>
    </main>
  );
}

/**
 * One button per platform snorq can connect. OAuth and the server's own pages are a full page
 * load (the server runs the flow); a form that proves itself (a bot token) opens here.
 */
function ConnectSection({ onConnected }: { onConnected: () => void }) {
  const { t } = useTranslation('channels-connect');
  const platforms = usePlatforms().filter((p) => p.connect.oauth || p.connect.form);
  const [open, setOpen] = useState<string>();
  const [connected, setConnected] = useState<string>();
  const form = platforms.find((p) => p.id === open && p.connect.formFields);
  return (
    <>
      <div className="connect-grid">
        {platforms.map((p) =>
          p.connect.formFields ? (
            <button key={p.id} type="button" className="connect-button" aria-expanded={open === p.id} onClick={() => setOpen(open === p.id ? undefined : p.id)} data-testid={`connect-${p.id}`}>
              <PlatformIcon platform={p.id} size={22} />
              <span>{t('connect', { platform: p.ui.name })}</span>
            </button>
          ) : (
            <a key={p.id} className="connect-button" href={`/api/v1/platforms/connect/${p.id}`} data-testid={`connect-${p.id}`}>
              <PlatformIcon platform={p.id} size={22} />
              <span>{t('connect', { platform: p.ui.name })}</span>
            </a>
          ),
        )}
      </div>
      {connected && (
        <p className="connect-result connect-result--ok" role="status" data-testid="connect-form-done">
          {connected}
        </p>
      )}
      {form && (
        <ConnectByForm
          key={form.id}
          platform={form}
          onCancel={() => setOpen(undefined)}
          onConnected={(name) => {
            setOpen(undefined);
            setConnected(t('connected', { platform: form.ui.name, name }));
            onConnected();
          }}
        />
      )}
    </>
  );
}
