import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { getMetrics } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { Metrics } from '../../api/types.ts';
import { useNow } from '../../components/use-now.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { metricsQueryOf, rangeFromSearch, searchOfRange, formatDay } from '../../lib/day-range.ts';
import { formatRelative, formatSeconds } from '../../lib/time-format.ts';
import { Breakdowns } from './Breakdowns.tsx';
import { RangePicker } from './RangePicker.tsx';
import { ResponseTimeChart } from './ResponseTimeChart.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { VolumeChart } from './VolumeChart.tsx';
import { WaitingChart } from './WaitingChart.tsx';
import { queryKeys } from '../../queries/query-keys.ts';
import './dashboard.css';

/** ResponseCommandCenter: who waits now, volume, response times and breakdowns over a range, and the manual sync. */
export function DashboardPage() {
  const { t, i18n } = useTranslation('dashboard');
  const search = useSearch();
  const [, navigate] = useLocation();
  const choice = rangeFromSearch(search);
  const query = metricsQueryOf(choice);
  const queryClient = useQueryClient();
  const metrics = useQuery({ queryKey: queryKeys.metrics(query), queryFn: ({ signal }) => getMetrics(query, signal), placeholderData: (previous) => previous });
  useEffect(() => {
    document.title = t('pageTitle');
  }, [t]);
  const range = metrics.data?.range;
  const locale = i18n.resolvedLanguage;

  return (
    <main className="page dashboard" id="main">
      <div className="page__head">
        <h1>{t('title')}</h1>
        <p className="page__sub" data-testid="range-sub">
          {range ? t('subRange', { from: formatDay(range.from, locale), to: formatDay(range.to, locale), count: metrics.data!.days }) : t('loading')}
        </p>
      </div>
      <RangePicker choice={choice} range={range} onChange={(c) => navigate(`/dashboard${searchOfRange(c)}`)} />
      <SyncPanel onSynced={() => void queryClient.invalidateQueries({ queryKey: ['metrics'] })} />
      {metrics.isPending && <p role="status">{t('loading')}</p>}
      {metrics.isError && (
        <p className="form-error" role="alert">
          {t('failed', { message: errorMessage(metrics.error) })}
        </p>
      )}
      {metrics.data && <Figures data={metrics.data} />}
    </main>
  );
}

function Figures({ data }: { data: Metrics }) {
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  const now = useNow(60_000);
  return (
    <>
      <section className="kpis" aria-label={t('kpi.label')}>
        <Kpi label={t('kpi.open')} value={format.number(data.openConversations)} href="/inbox" explain={t('explain.open')} testId="kpi-open" />
        <Kpi
          label={t('kpi.waiting')}
          value={format.number(data.waiting.count)}
          hint={data.waiting.oldestSince ? t('kpi.oldest', { when: formatRelative(data.waiting.oldestSince, now, format.locale) }) : undefined}
          href="/inbox?status=any&waiting=1&sort=waiting"
          explain={t('explain.waiting')}
          testId="kpi-waiting"
        />
        <SlaKpi sla={data.sla} />
        <Kpi label={t('kpi.unanswered')} value={format.number(data.unanswered)} href="/inbox?unread=unanswered" explain={t('explain.unanswered')} testId="kpi-unanswered" />
        <Kpi
          label={t('kpi.firstResponse')}
          value={formatSeconds(data.breakdowns.total.firstResponseMedianSeconds, format.locale)}
          hint={t('kpi.started', { count: data.breakdowns.total.conversations })}
          href={`/inbox?status=any&createdFrom=${data.range.from}&createdTo=${data.range.to}`}
          explain={t('explain.firstResponse')}
          testId="kpi-response"
        />
      </section>
      <div className="charts">
        <section className="card chart-card chart-card--wide">
          <h2>{t('charts.volume')}</h2>
          <VolumeChart volume={data.volumeByDay} range={data.range} />
        </section>
        <section className="card chart-card">
          <h2>{t('charts.responseTime')}</h2>
          <ResponseTimeChart rows={data.responseTimes.byPlatform} />
        </section>
        <section className="card chart-card">
          <h2>{t('charts.waiting')}</h2>
          <p className="chart__explain">{t('explain.waiting')}</p>
          <WaitingChart rows={data.waiting.byPlatform} />
        </section>
      </div>
      <Breakdowns data={data} />
    </>
  );
}

/** Conversations past their SLA target, and those at risk, each opening exactly those conversations in the inbox, nearest due first. */
function SlaKpi({ sla }: { sla: Metrics['sla'] }) {
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  const label = t('kpi.sla');
  const atRisk = t('kpi.slaAtRisk', { count: sla.atRisk });
  return (
    <div className="card kpi" data-testid="kpi-sla">
      <span className="kpi__label">{label}</span>
      <Link className="kpi__value" href="/inbox?status=any&sla=breached&sort=sla" aria-label={t('kpi.openList', { label, value: format.number(sla.breached) })}>
        {format.number(sla.breached)}
      </Link>
      <Link className="kpi__hint" href="/inbox?status=any&sla=at_risk&sort=sla" data-testid="kpi-sla-at-risk">
        {atRisk}
      </Link>
      <span className="kpi__explain">{t('explain.sla')}</span>
    </div>
  );
}

function Kpi({ label, value, hint, href, explain, testId }: { label: string; value: string; hint?: string; href: string; explain: string; testId: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <div className="card kpi" data-testid={testId}>
      <span className="kpi__label">{label}</span>
      <Link className="kpi__value" href={href} aria-label={t('kpi.openList', { label, value })}>
        {value}
      </Link>
      {hint && <span className="kpi__hint">{hint}</span>}
      <span className="kpi__explain">{explain}</span>
    </div>
  );
}
