import { useQuery } from '@tanstack/react-query';
import type { PlatformInfo } from '../../../src/contract/platforms.ts';
import { listPlatforms } from '../api/platforms-api.ts';
import { platformColour, platformName } from '../lib/platforms.ts';
import { queryKeys } from './query-keys.ts';

const NONE: PlatformInfo[] = [];

/** Every platform snorq speaks (GET /api/v1/platforms); fixed while the server runs, so fetched once. */
export function usePlatforms(): PlatformInfo[] {
  return usePlatformsQuery().data ?? NONE;
}

/** The query itself, for a view that waits for the list (its names) before it shows. */
export function usePlatformsQuery() {
  return useQuery({ queryKey: queryKeys.platforms(), queryFn: ({ signal }) => listPlatforms(signal), staleTime: Infinity });
}

/** One platform's entry, once the list has loaded. */
export function usePlatform(id: string): PlatformInfo | undefined {
  return usePlatforms().find((p) => p.id === id);
}

/** A platform's name by id ("WhatsApp (Twilio)"), for labels and announcements; the id until the list has loaded. */
export function usePlatformName(): (id: string) => string {
  const platforms = usePlatforms();
  return (id) => platformName(platforms, id);
}

/** Names and brand colours by id, for charts and legends (grey for a platform the list does not know). */
export function usePlatformLook(): { name: (id: string) => string; colour: (id: string) => string } {
  const platforms = usePlatforms();
  return { name: (id) => platformName(platforms, id), colour: (id) => platformColour(platforms, id) };
}
