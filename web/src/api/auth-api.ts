import { request } from './http.ts';
import type { User } from './types.ts';

export interface Me extends User {
  organizationId?: number;
}

export function login(email: string, password: string): Promise<{ token: string; user: User }> {
  return request('/api/v1/auth/login', { method: 'POST', body: { email, password }, expectUnauthorized: true });
}

export function fetchMe(): Promise<Me> {
  return request<Me>('/api/v1/auth/me', { expectUnauthorized: true });
}

export function logout(): Promise<unknown> {
  return request('/api/v1/auth/logout', { method: 'POST', expectUnauthorized: true });
}

/** Whether the session still holds; a 401 here signs the user out like any other request. */
export function checkSession(): Promise<unknown> {
  return request('/api/v1/auth/me');
}
