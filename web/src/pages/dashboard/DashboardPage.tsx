import { useEffect, useState } from 'react';
import { getMetrics } from '../../api/admin-api.ts';
import { errorMessage, isAbort, isMissingRoute } from '../../api/http.ts';
import type { Metrics } from '../../api/types.ts';
import { useNow } from '../../components/use-now.ts';
import { formatRelative, formatSeconds } from '../../lib/time-format.ts';
import { ResponseTimeChart } from './ResponseTimeChart.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { VolumeChart } from './VolumeChart.tsx';
import { WaitingChart } from './WaitingChart.tsx';
import './dashboard.css';

const DAYS = 14;

type State = { status: 'loading' } | { status: 'ready'; metrics: Metrics } | { status: 'unavailable' } | { status: 'error'; message: string };

/** ResponseCommandCenter: volume, response times, who is waiting, and the manual sync. */
export function DashboardPage() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const now = useNow(60_000);

  useEffect(() => {
    document.title = 'Dashboard — snorq';
    const ctl = new AbortController();
    getMetrics(DAYS, ctl.signal).then(
      (metrics) => setState({ status: 'ready', metrics }),
      (err: unknown) => {
        if (isAbort(err)) return;
        setState(isMissingRoute(err) ? { status: 'unavailable' } : { status: 'error', message: errorMessage(err) });
      },
    );
    return () => ctl.abort();
  }, [version]);

  return (
    <main className="page dashboard" id="main">
      <div className="page__head">
        <h1>Response command center</h1>
        <p className="page__sub">The last {DAYS} days across every connected platform.</p>
      </div>
      <SyncPanel onSynced={() => setVersion((v) => v + 1)} />
      {state.status === 'loading' && <p role="status">Loading metrics…</p>}
      {state.status === 'unavailable' && (
        <p className="notice" data-testid="metrics-unavailable">
          Metrics are not available on this server yet.
        </p>
      )}
      {state.status === 'error' && (
        <p className="form-error" role="alert">
          Could not load metrics: {state.message}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          <section className="kpis" aria-label="Right now">
            <Kpi label="Open conversations" value={String(state.metrics.openConversations)} testId="kpi-open" />
            <Kpi
              label="Waiting for a reply"
              value={String(state.metrics.waiting.count)}
              hint={state.metrics.waiting.oldestSince ? `oldest ${formatRelative(state.metrics.waiting.oldestSince, now)}` : undefined}
              testId="kpi-waiting"
            />
            <Kpi label="Unanswered" value={String(state.metrics.unanswered)} testId="kpi-unanswered" />
            <Kpi label="Median first response" value={formatSeconds(state.metrics.responseTimes.medianSeconds)} hint={`p90 ${formatSeconds(state.metrics.responseTimes.p90Seconds)}`} testId="kpi-response" />
          </section>
          <div className="charts">
            <section className="card chart-card chart-card--wide">
              <h2>Messages per day</h2>
              <VolumeChart volume={state.metrics.volumeByDay} days={DAYS} />
            </section>
            <section className="card chart-card">
              <h2>Response time by platform</h2>
              <ResponseTimeChart rows={state.metrics.responseTimes.byPlatform} />
            </section>
            <section className="card chart-card">
              <h2>Waiting by platform</h2>
              <WaitingChart rows={state.metrics.waiting.byPlatform} />
            </section>
          </div>
        </>
      )}
    </main>
  );
}

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="card kpi" data-testid={testId}>
      <span className="kpi__label">{label}</span>
      <span className="kpi__value">{value}</span>
      {hint && <span className="kpi__hint">{hint}</span>}
    </div>
  );
}
