import { useId } from 'react';
import type { PlatformInfo } from '../../../src/contract/platforms.ts';
import { NEUTRAL_COLOUR, platformInitials } from '../lib/platforms.ts';
import { usePlatform } from '../queries/use-platforms.ts';

type Icon = PlatformInfo['ui']['icon'];
type Shape = Icon['shapes'][number];

/**
 * A platform's disc and glyph as its channel definition draws them (`ui.icon`, served by GET
 * /api/v1/platforms; no logo files, no network). A platform the list does not describe, or
 * one without a glyph, gets a disc in its colour (grey if unknown) with its initials.
 */
export function PlatformIcon({ platform, size = 18 }: { platform: string; size?: number }) {
  const info = usePlatform(platform);
  // One gradient per icon: ids must be unique in the page, and useId's characters are not all valid in url(#…).
  const gradient = `pg${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const icon = info?.ui.icon;
  const disc = icon?.disc ?? info?.ui.colour ?? NEUTRAL_COLOUR;
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="platform-icon" data-platform={platform}>
      {typeof disc !== 'string' && <DiscGradient id={gradient} stops={disc.gradient} />}
      <circle cx="12" cy="12" r="12" fill={typeof disc === 'string' ? disc : `url(#${gradient})`} />
      {icon && icon.shapes.length > 0 ? icon.shapes.map((shape, i) => <IconShape key={i} shape={shape} />) : <Initials name={info?.ui.name ?? platform} />}
    </svg>
  );
}

/** The disc's diagonal gradient, bottom-left to top-right. */
function DiscGradient({ id, stops }: { id: string; stops: string[] }) {
  return (
    <defs>
      <linearGradient id={id} x1="0" y1="1" x2="1" y2="0">
        {stops.map((colour, i) => (
          <stop key={i} offset={stops.length > 1 ? i / (stops.length - 1) : 0} stopColor={colour} />
        ))}
      </linearGradient>
    </defs>
  );
}

function IconShape({ shape }: { shape: Shape }) {
  const paint = { fill: shape.fill, stroke: shape.stroke, strokeWidth: shape.strokeWidth };
  if (shape.kind === 'path') return <path d={shape.d} transform={shape.transform} {...paint} />;
  if (shape.kind === 'circle') return <circle cx={shape.cx} cy={shape.cy} r={shape.r} {...paint} />;
  return <rect x={shape.x} y={shape.y} width={shape.width} height={shape.height} rx={shape.rx} {...paint} />;
}

/** The fallback glyph: the platform's initials in white. */
function Initials({ name }: { name: string }) {
  const letters = platformInitials(name);
  return (
    <text x="12" y="12" dy="0.35em" textAnchor="middle" fill="#fff" fontSize={letters.length > 1 ? 10 : 12} fontWeight="700" fontFamily="system-ui, sans-serif">
      {letters}
    </text>
  );
}
