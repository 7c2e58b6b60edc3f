import type { Platform } from '../api/types.ts';
import { PLATFORM_META } from '../lib/platforms.ts';
import { PlatformIcon } from './PlatformIcon.tsx';

interface Props {
  platform: Platform;
  /** `icon`: the coloured disc alone (named for screen readers); `pill`: disc and name. */
  variant?: 'icon' | 'pill';
  size?: number;
}

export function PlatformBadge({ platform, variant = 'pill', size }: Props) {
  const meta = PLATFORM_META[platform] ?? { label: platform };
  if (variant === 'icon') {
    return (
      <span className={`platform-badge platform-badge--icon platform-${platform}`} role="img" aria-label={meta.label} title={meta.label} data-platform={platform}>
        <PlatformIcon platform={platform} size={size ?? 18} />
      </span>
    );
  }
  return (
    <span className={`platform-badge platform-badge--pill platform-${platform}`} data-platform={platform}>
      <PlatformIcon platform={platform} size={size ?? 16} />
      <span className="platform-badge__label">{meta.label}</span>
    </span>
  );
}
