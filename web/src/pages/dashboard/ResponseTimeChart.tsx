import { useTranslation } from 'react-i18next';
import type { Metrics } from '../../api/types.ts';
import { usePlatformLook } from '../../queries/use-platforms.ts';
import { formatSeconds } from '../../lib/time-format.ts';

type Row = Metrics['responseTimes']['byPlatform'][number];

/** Median (solid) and p90 (light) first-response time per platform, as horizontal bars. */
export function ResponseTimeChart({ rows }: { rows: Row[] }) {
  const { t, i18n } = useTranslation('dashboard');
  const { name, colour } = usePlatformLook();
  if (rows.length === 0) return <p className="chart__empty">{t('response.empty')}</p>;
  const locale = i18n.resolvedLanguage;
  const describe = (r: Row) => t('response.row', { platform: name(r.platform), median: formatSeconds(r.medianSeconds, locale), p90: formatSeconds(r.p90Seconds, locale) });
  const max = Math.max(1, ...rows.map((r) => r.p90Seconds ?? r.medianSeconds ?? 0));
  const rowH = 34;
  const W = 320;
  const labelW = 96;
  const barMax = W - labelW - 70;
  const H = rows.length * rowH;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={rows.map(describe).join('; ')} data-testid="response-chart">
      {rows.map((r, i) => {
        const yTop = i * rowH + 6;
        const p90 = ((r.p90Seconds ?? 0) / max) * barMax;
        const median = ((r.medianSeconds ?? 0) / max) * barMax;
        const color = colour(r.platform);
        return (
          <g key={r.platform}>
            <title>{describe(r)}</title>
            <text x={0} y={yTop + 14} className="chart__label">
              {name(r.platform)}
            </text>
            <rect x={labelW} y={yTop} width={Math.max(2, p90)} height={20} fill={color} opacity={0.28} rx={3} />
            <rect x={labelW} y={yTop + 4} width={Math.max(2, median)} height={12} fill={color} rx={2} />
            <text x={labelW + Math.max(p90, median) + 6} y={yTop + 14} className="chart__value">
              {formatSeconds(r.medianSeconds, locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
