import { useState } from 'react';
import type { Platform } from '../api/types.ts';
import { avatarHue, initials } from '../lib/initials.ts';
import { sameOriginPath, httpUrl } from '../lib/safe-url.ts';
import { PlatformBadge } from './PlatformBadge.tsx';

interface Props {
  name: string | null;
  url: string | null;
  seed: string | number;
  size?: number;
  /** A small platform disc on the corner. */
  platform?: Platform;
}

/** A contact's picture, or their initials on a colour of their own when there is none (or it fails to load). */
export function Avatar({ name, url, seed, size = 40, platform }: Props) {
  const [broken, setBroken] = useState<string | null>(null);
  const src = sameOriginPath(url) ?? httpUrl(url);
  const showImage = src !== null && broken !== src;
  return (
    <span className="avatar" style={{ width: size, height: size, ['--avatar-hue' as string]: avatarHue(seed) }} aria-hidden="true">
      {showImage ? (
        <img src={src} alt="" width={size} height={size} loading="lazy" referrerPolicy="no-referrer" onError={() => setBroken(src)} />
      ) : (
        <span className="avatar__initials" style={{ fontSize: Math.round(size * 0.38) }}>
          {initials(name)}
        </span>
      )}
      {platform && (
        <span className="avatar__platform">
          <PlatformBadge platform={platform} variant="icon" size={Math.max(14, Math.round(size * 0.42))} />
        </span>
      )}
    </span>
  );
}
