import type { PlatformsResponse } from '../../../src/contract/platforms.ts';
import { request } from './http.ts';

export function listPlatforms(signal?: AbortSignal) {
  return request<PlatformsResponse>('/api/v1/platforms', { signal }).then((r) => r.platforms);
}
