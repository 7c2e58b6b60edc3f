import { usePlatformLook } from '../../queries/use-platforms.ts';

export function ChartLegend({ platforms }: { platforms: string[] }) {
  const { name, colour } = usePlatformLook();
  return (
    <ul className="legend" aria-hidden="true">
      {platforms.map((p) => (
        <li key={p}>
          <span className="legend__swatch" style={{ background: colour(p) }} />
          {name(p)}
        </li>
      ))}
    </ul>
  );
}
