import { PLATFORMS } from '../../channels/registry.ts';
import type { Definition } from './apply-definitions.ts';

/**
 * `channels.platform` takes the platforms of the registry (src/channels/registry.ts), and no
 * other: the check migration 0001 created with the five platforms it knew is replaced at every
 * start by one built from `PLATFORMS`, so adding a platform is its registry line, not a migration.
 * A row of a platform no longer in the registry makes the start fail here, loudly, rather than
 * leave channels snorq cannot read.
 */
export function channelPlatformsCheck(platforms: readonly string[] = PLATFORMS): Definition {
  const list = platforms.map((p) => `'${p.replace(/'/g, "''")}'`).join(', ');
  return {
    name: 'channels_platform_check (from the registry)',
    sql: () => `alter table channels drop constraint if exists channels_platform_check;
alter table channels add constraint channels_platform_check check (platform in (${list}));`,
  };
}
