import type { Profile } from '../../../src/contract/users.ts';
import { request } from './http.ts';

export type { Profile } from '../../../src/contract/users.ts';

/** GET /api/v1/me: the signed-in user's own profile (name, language, picture). */
export function fetchProfile(signal?: AbortSignal): Promise<Profile> {
  return request<{ profile: Profile }>('/api/v1/me', { signal }).then((r) => r.profile);
}

/** PATCH /api/v1/me: a language snorq is translated into, or null for the browser's. */
export function changeProfile(change: { name?: string; language?: string | null }): Promise<Profile> {
  return request<{ profile: Profile }>('/api/v1/me', { method: 'PATCH', body: change }).then((r) => r.profile);
}
