/**
 * Users, sessions, API tokens and the signed-in user's own profile (the people settings pages).
 * Shapes are the server's contract, imported type-only.
 */
import type { ApiToken } from '../../../src/contract/tokens.ts';
import type { Session } from '../../../src/contract/sessions.ts';
import type { ManagedUser, Profile } from '../../../src/contract/users.ts';
import type { Role } from '../../../src/contract/auth.ts';
import { request } from './http.ts';

export type { ApiToken, ManagedUser, Profile, Role, Session };

export interface NewUserInput {
  name: string;
  email: string;
  role: Role;
  password: string;
}

export function listManagedUsers(signal?: AbortSignal) {
  return request<{ users: ManagedUser[] }>('/api/v1/users?includeDisabled=true', { signal }).then((r) => r.users);
}

export function createUser(input: NewUserInput) {
  return request<{ user: ManagedUser }>('/api/v1/users', { method: 'POST', body: input }).then((r) => r.user);
}

export function changeUser(id: number, change: { name?: string; role?: Role }) {
  return request<{ user: ManagedUser }>(`/api/v1/users/${id}`, { method: 'PATCH', body: change }).then((r) => r.user);
}

export function setUserEnabled(id: number, enabled: boolean) {
  return request<{ user: ManagedUser }>(`/api/v1/users/${id}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' }).then((r) => r.user);
}

export function resetUserPassword(id: number, password: string) {
  return request<{ ok: true; endedSessions: number }>(`/api/v1/users/${id}/password`, { method: 'POST', body: { password } });
}

export function listUserSessions(userId: number, signal?: AbortSignal) {
  return request<{ sessions: Session[] }>(`/api/v1/sessions?userId=${userId}`, { signal }).then((r) => r.sessions);
}

export function endAnySession(id: number) {
  return request<{ ok: true }>(`/api/v1/sessions/${id}`, { method: 'DELETE' });
}

export function setAvatar(picture: Blob) {
  return request<{ profile: Profile }>('/api/v1/me/avatar', { method: 'PUT', body: picture }).then((r) => r.profile);
}

export function removeAvatar() {
  return request<{ profile: Profile }>('/api/v1/me/avatar', { method: 'DELETE' }).then((r) => r.profile);
}

export function changeMyPassword(currentPassword: string, newPassword: string) {
  return request<{ ok: true; endedSessions: number }>('/api/v1/me/password', { method: 'POST', body: { currentPassword, newPassword } });
}

export function listMySessions(signal?: AbortSignal) {
  return request<{ sessions: Session[] }>('/api/v1/me/sessions', { signal }).then((r) => r.sessions);
}

export function endMySession(id: number) {
  return request<{ ok: true }>(`/api/v1/me/sessions/${id}`, { method: 'DELETE' });
}

export function listApiTokens(signal?: AbortSignal) {
  return request<{ tokens: ApiToken[] }>('/api/v1/tokens', { signal }).then((r) => r.tokens);
}

export function createApiToken(name: string) {
  return request<{ id: number; token: string; name: string; expiresAt: string | null }>('/api/v1/tokens', { method: 'POST', body: { name } });
}

export function revokeApiToken(id: number) {
  return request<{ ok: true }>(`/api/v1/tokens/${id}`, { method: 'DELETE' });
}
