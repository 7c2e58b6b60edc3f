import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { getMetrics } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import { useNow } from '../../components/use-now.ts';
import { useFormat } from '../../i18n/use-format.ts';
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
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  const now = useNow(60_000);
  const queryClient = useQueryClient();
  const metrics = useQuery({ queryKey: queryKeys.metrics(DAYS), queryFn: ({ signal }) => getMetrics(DAYS, signal) });
  useEffect(() => {
    document.title = t('pageTitle');
  }, [t]);

  return (
    <main className="page dashboard" id="main">
      <div className="page__head">
        <h1>{t('title')}</h1>
        <p className="page__sub">{t('sub', { count: DAYS })}</p>
      </div>
      <SyncPanel onSynced={() => void queryClient.invalidateQueries({ queryKey: queryKeys.metrics(DAYS) })} />
      {metrics.isPending && <p role="status">{t('loading')}</p>}
      {metrics.isError && (
        <p className="form-error" role="alert">
          {t('failed', { message: errorMessage(metrics.error) })}
        </p>
      )}
      {metrics.data && (
        <>
          <section className="kpis" aria-label={t('kpi.label')}>
            <Kpi label={t('kpi.open')} value={format.number(metrics.data.openConversations)} testId="kpi-open" />
            <Kpi
              label={t('kpi.waiting')}
              value={format.number(metrics.data.waiting.count)}
              hint={metrics.data.waiting.oldestSince ? t('kpi.oldest', { when: formatRelative(metrics.data.waiting.oldestSince, now, format.locale) }) : undefined}
              testId="kpi-waiting"
            />
            <Kpi label={t('kpi.unanswered')} value={format.number(metrics.data.unanswered)} testId="kpi-unanswered" />
            <Kpi
              label={t('kpi.median')}
              value={formatSeconds(metrics.data.responseTimes.medianSeconds, format.locale)}
              hint={t('kpi.p90', { time: formatSeconds(metrics.data.responseTimes.p90Seconds, format.locale) })}
              testId="kpi-response"
            />
          </section>
          <div className="charts">
            <section className="card chart-card chart-card--wide">
              <h2>{t('charts.volume')}</h2>
              <VolumeChart volume={metrics.data.volumeByDay} days={DAYS} />
            </section>
            <section className="card chart-card">
              <h2>{t('charts.responseTime')}</h2>
              <ResponseTimeChart rows={metrics.data.responseTimes.byPlatform} />
            </section>
            <section className="card chart-card">
              <h2>{t('charts.waiting')}</h2>
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
