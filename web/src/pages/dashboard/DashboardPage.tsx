import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getMetrics } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import { useNow } from '../../components/use-now.ts';
import { formatRelative, formatSeconds } from '../../lib/time-format.ts';
import { ResponseTimeChart } from './ResponseTimeChart.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { VolumeChart } from './VolumeChart.tsx';
import { WaitingChart } from './WaitingChart.tsx';
import { queryKeys } from '../../queries/query-keys.ts';
import './dashboard.css';

const DAYS = 14;

/** ResponseCommandCenter: volume, response times, who is waiting, and the manual sync. */
export function DashboardPage() {
  const now = useNow(60_000);
  const queryClient = useQueryClient();
  const metrics = useQuery({ queryKey: queryKeys.metrics(DAYS), queryFn: ({ signal }) => getMetrics(DAYS, signal) });
  useEffect(() => {
    document.title = 'Dashboard — snorq';
  }, []);

  return (
    <main className="page dashboard" id="main">
      <div className="page__head">
        <h1>Response command center</h1>
        <p className="page__sub">The last {DAYS} days across every connected platform.</p>
      </div>
      <SyncPanel onSynced={() => void queryClient.invalidateQueries({ queryKey: queryKeys.metrics(DAYS) })} />
      {metrics.isPending && <p role="status">Loading metrics…</p>}
      {metrics.isError && (
        <p className="form-error" role="alert">
          Could not load metrics: {errorMessage(metrics.error)}
        </p>
      )}
      {metrics.data && (
        <>
          <section className="kpis" aria-label="Right now">
            <Kpi label="Open conversations" value={String(metrics.data.openConversations)} testId="kpi-open" />
            <Kpi
              label="Waiting for a reply"
              value={String(metrics.data.waiting.count)}
              hint={metrics.data.waiting.oldestSince ? `oldest ${formatRelative(metrics.data.waiting.oldestSince, now)}` : undefined}
              testId="kpi-waiting"
            />
            <Kpi label="Unanswered" value={String(metrics.data.unanswered)} testId="kpi-unanswered" />
            <Kpi
              label="Median first response"
              value={formatSeconds(metrics.data.responseTimes.medianSeconds)}
              hint={`p90 ${formatSeconds(metrics.data.responseTimes.p90Seconds)}`}
              testId="kpi-response"
            />
          </section>
          <div className="charts">
            <section className="card chart-card chart-card--wide">
              <h2>Messages per day</h2>
              <VolumeChart volume={metrics.data.volumeByDay} days={DAYS} />
            </section>
            <section className="card chart-card">
              <h2>Response time by platform</h2>
              <ResponseTimeChart rows={metrics.data.responseTimes.byPlatform} />
            </section>
            <section className="card chart-card">
              <h2>Waiting by platform</h2>
              <WaitingChart rows={metrics.data.waiting.byPlatform} />
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
