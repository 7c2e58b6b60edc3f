import { usePlatformLook } from '../../queries/use-platforms.ts';
import { textureId } from './PlatformTextures.tsx';

/**
 * The platforms of a chart, each with a swatch of the fill its part of the chart has (the
 * chart's own `<pattern>`s, by `texturePrefix`), so a reader who cannot tell the colours apart
 * matches the textures.
 */
export function ChartLegend({ platforms, texturePrefix }: { platforms: string[]; texturePrefix: string }) {
  const { name } = usePlatformLook();
  return (
    <ul className="legend" aria-hidden="true">
      {platforms.map((p) => (
        <li key={p} data-platform={p}>
          <svg className="legend__swatch" viewBox="0 0 12 12">
            <rect width={12} height={12} rx={2} fill={`url(#${textureId(texturePrefix, p)})`} />
          </svg>
          {name(p)}
        </li>
      ))}
    </ul>
  );
}
