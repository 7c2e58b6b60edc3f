/**
 * Teams and response targets (/settings/teams): shapes from the server's contract, imported type-only.
 */
import type { z } from 'zod';
import type { NewTeam, PriorityTarget, Team, TeamChange } from '../../../src/contract/teams.ts';
import { request } from './http.ts';

export type { PriorityTarget, Team };
export type TeamStrategy = Team['strategy'];
export type TeamInput = z.input<typeof TeamChange>;

/** The query keys of this page's data. */
export const teamKeys = { teams: () => ['teams'] as const, targets: () => ['sla-targets'] as const };

export function listTeams(signal?: AbortSignal) {
  return request<{ teams: Team[] }>('/api/v1/teams', { signal }).then((r) => r.teams);
}

export function createTeam(body: z.input<typeof NewTeam>) {
  return request<{ team: Team }>('/api/v1/teams', { method: 'POST', body }).then((r) => r.team);
}

export function changeTeam(id: number, body: TeamInput) {
  return request<{ team: Team }>(`/api/v1/teams/${id}`, { method: 'PATCH', body }).then((r) => r.team);
}

export function deleteTeam(id: number) {
  return request<{ ok: true }>(`/api/v1/teams/${id}`, { method: 'DELETE' });
}

export function listPriorityTargets(signal?: AbortSignal) {
  return request<{ targets: PriorityTarget[] }>('/api/v1/sla-targets', { signal }).then((r) => r.targets);
}

export function setPriorityTargets(targets: PriorityTarget[]) {
  return request<{ targets: PriorityTarget[] }>('/api/v1/sla-targets', { method: 'PUT', body: { targets } }).then((r) => r.targets);
}
