import { usePlatform } from '../queries/use-platforms.ts';
import { PlatformIcon } from './PlatformIcon.tsx';

interface Props {
  platform: string;
  /** `icon`: the coloured disc alone (named for screen readers); `pill`: disc and name. */
  variant?: 'icon' | 'pill';
  size?: number;
}

/** A platform's disc, or disc and name, from GET /api/v1/platforms. */
export function PlatformBadge({ platform, variant = 'pill', size }: Props) {
  const label = usePlatform(platform)?.ui.name ?? platform;
  if (variant === 'icon') {
    return (
      <span className="platform-badge platform-badge--icon" role="img" aria-label={label} title={label} data-platform={platform}>
        <PlatformIcon platform={platform} size={size ?? 18} />
      </span>
    );
  }
  return (
    <span className="platform-badge platform-badge--pill" data-platform={platform}>
      <PlatformIcon platform={platform} size={size ?? 16} />
      <span className="platform-badge__label">{label}</span>
    </span>
  );
}
