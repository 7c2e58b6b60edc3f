import { useState } from 'react';
import { syncMessages } from '../../api/admin-api.ts';
import { errorMessage, isMissingRoute } from '../../api/http.ts';
import type { SyncChannelResult } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';

type State = { status: 'idle' } | { status: 'running' } | { status: 'done'; channels: SyncChannelResult[]; at: Date } | { status: 'error'; message: string };

/** "Sync Messages": fetch what the platforms hold that snorq has not seen (POST /api/messages/sync). */
export function SyncPanel({ onSynced }: { onSynced: () => void }) {
  const [state, setState] = useState<State>({ status: 'idle' });
  const run = async () => {
    setState({ status: 'running' });
    try {
      const { channels } = await syncMessages();
      setState({ status: 'done', channels, at: new Date() });
      onSynced();
    } catch (err) {
      setState({ status: 'error', message: isMissingRoute(err) ? 'Sync is not available on this server yet.' : errorMessage(err) });
    }
  };
  return (
    <section className="card sync" aria-labelledby="sync-title">
      <div className="sync__head">
        <div>
          <h2 id="sync-title">Sync messages</h2>
          <p className="page__sub">Webhooks deliver messages as they happen; a sync fetches anything they missed.</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => void run()} disabled={state.status === 'running'} aria-busy={state.status === 'running'} data-testid="sync-button">
          {state.status === 'running' ? 'Syncing…' : 'Sync Messages'}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {state.status === 'running' && (
          <div className="progress" data-testid="sync-progress">
            <span className="progress__bar" />
            <span className="visually-hidden">Syncing every connected channel…</span>
          </div>
        )}
        {state.status === 'error' && <p className="form-error">{state.message}</p>}
        {state.status === 'done' && (state.channels.length === 0 ? <p>No connected channels to sync.</p> : <SyncTable channels={state.channels} at={state.at} />)}
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
