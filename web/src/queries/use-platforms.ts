import { useQuery } from '@tanstack/react-query';
import type { PlatformInfo } from '../../../src/contract/platforms.ts';
import { listPlatforms } from '../api/platforms-api.ts';
import { queryKeys } from './query-keys.ts';

const NONE: PlatformInfo[] = [];

/** Every platform snorq speaks (GET /api/v1/platforms); fixed while the server runs, so fetched once. */
export function usePlatforms(): PlatformInfo[] {
  return useQuery({ queryKey: queryKeys.platforms(), queryFn: ({ signal }) => listPlatforms(signal), staleTime: Infinity }).data ?? NONE;
}

/** One platform's entry, once the list has loaded. */
export function usePlatform(id: string): PlatformInfo | undefined {
  return usePlatforms().find((p) => p.id === id);
}
