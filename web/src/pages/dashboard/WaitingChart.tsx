import { PartyPopper } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Metrics } from '../../api/types.ts';
import { usePlatformLook } from '../../queries/use-platforms.ts';

type Row = Metrics['waiting']['byPlatform'][number];

/** Conversations waiting for a reply, per platform. */
export function WaitingChart({ rows }: { rows: Row[] }) {
  const { t } = useTranslation('dashboard');
  const { name, colour } = usePlatformLook();
  const shown = rows.filter((r) => r.count > 0);
  if (shown.length === 0)
    return (
      <p className="chart__empty">
        {t('waiting.empty')} <PartyPopper size={16} />
      </p>
    );
  const max = Math.max(...shown.map((r) => r.count));
  const rowH = 34;
  const W = 320;
  const labelW = 96;
  const barMax = W - labelW - 40;
  return (
    <svg
      viewBox={`0 0 ${W} ${shown.length * rowH}`}
      className="chart"
      role="img"
      aria-label={shown.map((r) => t('waiting.row', { platform: name(r.platform), count: r.count })).join('; ')}
      data-testid="waiting-chart"
    >
      {shown.map((r, i) => (
        <g key={r.platform}>
          <title>{t('waiting.row', { platform: name(r.platform), count: r.count })}</title>
          <text x={0} y={i * rowH + 20} className="chart__label">
            {name(r.platform)}
          </text>
          <rect x={labelW} y={i * rowH + 6} width={Math.max(3, (r.count / max) * barMax)} height={20} fill={colour(r.platform)} rx={3} />
          <text x={labelW + (r.count / max) * barMax + 6} y={i * rowH + 20} className="chart__value">
            {r.count}
          </text>
        </g>
      ))}
    </svg>
  );
}
