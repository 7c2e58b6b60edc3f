import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Metrics } from '../../api/types.ts';
import { dayRange, niceMax, stackVolume } from '../../lib/chart-data.ts';
import { inPlatformOrder } from '../../lib/platforms.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { usePlatformLook, usePlatforms } from '../../queries/use-platforms.ts';
import { ChartLegend } from './ChartLegend.tsx';
import { PlatformTextureDefs, textureId } from './PlatformTextures.tsx';

const W = 640;
const H = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };

/**
 * Messages per day (in + out), stacked by platform, drawn by hand in SVG. Each platform's part is
 * its colour and its texture (PlatformTextures.tsx), parts divided by a line of the page's colour.
 */
export function VolumeChart({ volume, range }: { volume: Metrics['volumeByDay']; range: Metrics['range'] }) {
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  // A chart day is a calendar date ("2026-03-04"), read in UTC so no time zone moves it.
  const dayLong = (day: string) => format.date(`${day}T00:00:00Z`, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const dayShort = (day: string) => format.date(`${day}T00:00:00Z`, { day: 'numeric', month: 'numeric', timeZone: 'UTC' });
  const platforms = usePlatforms();
  const { name } = usePlatformLook();
  const prefix = useId().replaceAll(':', '');
  // The range's days in the organisation's time zone, as the server counted them.
  const days = Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
  const stacks = stackVolume(
    volume,
    dayRange(range.to, days),
    platforms.map((p) => p.id),
  );
  const max = niceMax(Math.max(0, ...stacks.map((s) => s.total)));
  const total = stacks.reduce((n, s) => n + s.total, 0);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / stacks.length;
  const barW = Math.max(4, slot * 0.64);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const present = inPlatformOrder(
    platforms,
    volume.map((v) => v.platform),
  );
  // About ten day labels whatever the range (counted from the last day, which is always labelled).
  const labelStep = Math.max(1, Math.ceil(stacks.length / 10));
  const busiest = stacks.reduce((a, b) => (b.total > a.total ? b : a), stacks[0]!);

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('volume.summary', { count: total, days, day: dayLong(busiest.day), busiest: busiest.total })} data-testid="volume-chart">
        <PlatformTextureDefs prefix={prefix} platforms={present} />
        {[0, 0.5, 1].map((f) => (
          <g key={f} aria-hidden="true">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} className="chart__grid" />
            <text x={PAD.left - 6} y={y(max * f) + 4} className="chart__axis" textAnchor="end">
              {format.number(Math.round(max * f))}
            </text>
          </g>
        ))}
        {stacks.map((s, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          let acc = 0;
          return (
            <g key={s.day}>
              <title>{`${t('volume.day', { day: dayLong(s.day), count: s.total })}${s.segments.map((g) => `, ${name(g.platform)} ${g.value}`).join('')}`}</title>
              {s.segments.map((g) => {
                const top = y(acc + g.value);
                const h = y(acc) - top;
                acc += g.value;
                return (
                  <rect
                    key={g.platform}
                    x={x}
                    y={top}
                    width={barW}
                    height={Math.max(0, h)}
                    fill={`url(#${textureId(prefix, g.platform)})`}
                    className="chart__segment"
                    data-platform={g.platform}
                    rx={1.5}
                  />
                );
              })}
              {(stacks.length - 1 - i) % labelStep === 0 && (
                <text x={x + barW / 2} y={H - 10} className="chart__axis" textAnchor="middle" aria-hidden="true">
                  {dayShort(s.day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {present.length > 0 ? <ChartLegend platforms={present} texturePrefix={prefix} /> : <figcaption className="chart__empty">{t('volume.empty')}</figcaption>}
    </figure>
  );
}
