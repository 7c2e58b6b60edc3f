import { useMutation } from '@tanstack/react-query';
import { syncMessages } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { SyncChannelResult } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';

/** "Sync Messages": fetch what the platforms hold that snorq has not seen (POST /api/messages/sync). */
export function SyncPanel({ onSynced }: { onSynced: () => void }) {
  const sync = useMutation({ mutationFn: syncMessages, onSuccess: onSynced });
  const running = sync.isPending;
  return (
    <section className="card sync" aria-labelledby="sync-title">
      <div className="sync__head">
        <div>
          <h2 id="sync-title">Sync messages</h2>
          <p className="page__sub">Webhooks deliver messages as they happen; a sync fetches anything they missed.</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => sync.mutate()} disabled={running} aria-busy={running} data-testid="sync-button">
          {running ? 'Syncing…' : 'Sync Messages'}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {running && (
          <div className="progress" data-testid="sync-progress">
            <span className="progress__bar" />
            <span className="visually-hidden">Syncing every connected channel…</span>
          </div>
        )}
        {sync.isError && <p className="form-error">{errorMessage(sync.error)}</p>}
        {sync.isSuccess && (sync.data.channels.length === 0 ? <p>No connected channels to sync.</p> : <SyncTable channels={sync.data.channels} at={new Date(sync.submittedAt)} />)}
      </div>
    </section>
  );
}

function SyncTable({ channels, at }: { channels: SyncChannelResult[]; at: Date }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="sync-results">
        <caption>Synced at {at.toLocaleTimeString()}</caption>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Fetched</th>
            <th scope="col">New</th>
            <th scope="col">Failed</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={c.channelId} data-testid="sync-row" data-channel-id={c.channelId}>
              <th scope="row">
                <PlatformBadge platform={c.platform} variant="icon" size={16} /> {c.name}
              </th>
              <td>{c.fetched}</td>
              <td>{c.added}</td>
              <td className={c.failed ? 'cell--bad' : undefined}>{c.failed}</td>
              <td>{c.error ? <span className="cell--bad">{c.error}</span> : (c.note ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
