import { platformTexture, textureMarks, TILE, type TextureMark } from '../../lib/chart-patterns.ts';
import { usePlatformLook, usePlatforms } from '../../queries/use-platforms.ts';

/** The id of a platform's fill in one chart (`prefix` from useId keeps two charts' ids apart). */
export const textureId = (prefix: string, platform: string) => `${prefix}-texture-${platform}`;

function Mark({ mark, stroke, width }: { mark: TextureMark; stroke: string; width: number }) {
  return mark.kind === 'path' ? (
    <path d={mark.d} stroke={stroke} strokeWidth={width} fill="none" />
  ) : (
    <circle cx={mark.cx} cy={mark.cy} r={mark.r} stroke={stroke} strokeWidth={width * 0.6} fill="none" />
  );
}

/**
 * `<pattern>`s of the given platforms: the brand colour with the platform's texture over it in a
 * dark stroke under a pale one, so the texture reads on every colour (chart-patterns.ts).
 */
export function PlatformTextureDefs({ prefix, platforms: ids }: { prefix: string; platforms: readonly string[] }) {
  const platforms = usePlatforms();
  const { colour } = usePlatformLook();
  return (
    <defs>
      {ids.map((id) => {
        const texture = platformTexture(platforms, id);
        return (
          <pattern key={id} id={textureId(prefix, id)} width={TILE} height={TILE} patternUnits="userSpaceOnUse" data-texture={texture}>
            <rect width={TILE} height={TILE} fill={colour(id)} />
            {textureMarks(texture).map((mark, i) => (
              <g key={i}>
                <Mark mark={mark} stroke="rgba(0,0,0,0.45)" width={1.6} />
                <Mark mark={mark} stroke="rgba(255,255,255,0.85)" width={0.8} />
              </g>
            ))}
          </pattern>
        );
      })}
    </defs>
  );
}
