import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/http.ts';

/** A refused request (4xx) will be refused again; the network and 5xx get two more tries. */
function shouldRetry(failures: number, err: unknown): boolean {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
  return failures < 2;
}

/**
 * The cache of server state. Lists and threads are kept current by the live connection
 * (live/live-cache.ts), not by refetching on focus; what the socket does not carry (channels,
 * metrics, templates) is refetched when a page opens again after a while.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
