import type { Platform } from '../../api/types.ts';
import { PLATFORM_META } from '../../lib/platforms.ts';

export function ChartLegend({ platforms }: { platforms: Platform[] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {platforms.map((p) => (
        <li key={p}>
          <span className="legend__swatch" style={{ background: PLATFORM_META[p].color }} />
          {PLATFORM_META[p].label}
        </li>
      ))}
    </ul>
  );
}
