import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { syncMessages } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { SyncChannelResult } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { serverText } from '../../i18n/server-text.ts';
import { useFormat } from '../../i18n/use-format.ts';

/** "Sync Messages": fetch what the platforms hold that snorq has not seen (POST /api/messages/sync). */
export function SyncPanel({ onSynced }: { onSynced: () => void }) {
  const { t } = useTranslation('dashboard');
  const sync = useMutation({ mutationFn: syncMessages, onSuccess: onSynced });
  const running = sync.isPending;
  return (
    <section className="card sync" aria-labelledby="sync-title">
      <div className="sync__head">
        <div>
          <h2 id="sync-title">{t('sync.title')}</h2>
          <p className="page__sub">{t('sync.sub')}</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => sync.mutate()} disabled={running} aria-busy={running} data-testid="sync-button">
          {running ? t('sync.running') : t('sync.button')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {running && (
          <div className="progress" data-testid="sync-progress">
            <span className="progress__bar" />
            <span className="visually-hidden">{t('sync.runningLong')}</span>
          </div>
        )}
        {sync.isError && <p className="form-error">{errorMessage(sync.error)}</p>}
        {sync.isSuccess && (sync.data.channels.length === 0 ? <p>{t('sync.none')}</p> : <SyncTable channels={sync.data.channels} at={new Date(sync.submittedAt)} />)}
      </div>
    </section>
  );
}

function SyncTable({ channels, at }: { channels: SyncChannelResult[]; at: Date }) {
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="sync-results">
        <caption>{t('sync.at', { time: format.time(at) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sync.channel')}</th>
            <th scope="col">{t('sync.fetched')}</th>
            <th scope="col">{t('sync.added')}</th>
            <th scope="col">{t('sync.failed')}</th>
            <th scope="col">{t('sync.notes')}</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={c.channelId} data-testid="sync-row" data-channel-id={c.channelId}>
              <th scope="row">
                <PlatformBadge platform={c.platform} variant="icon" size={16} /> {c.name}
              </th>
              <td>{format.number(c.fetched)}</td>
              <td>{format.number(c.added)}</td>
              <td className={c.failed ? 'cell--bad' : undefined}>{format.number(c.failed)}</td>
              <td>{c.error ? <span className="cell--bad">{serverText(c.errorText, c.error)}</span> : c.note ? serverText(c.noteText, c.note) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
