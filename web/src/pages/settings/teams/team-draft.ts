import type { Team, TeamInput, TeamStrategy } from '../../../api/teams-api.ts';

export const TEAM_NAME_MAX = 80;
export const STRATEGIES: TeamStrategy[] = ['round_robin', 'least_busy', 'manual'];

/** A team's card as typed: numbers as text (empty: none), members and channels as sets. */
export interface TeamDraft {
  name: string;
  strategy: TeamStrategy;
  cap: string;
  reassignOffline: boolean;
  firstResponse: string;
  nextResponse: string;
  memberIds: number[];
  channelIds: number[];
}

export function draftOf(team: Team): TeamDraft {
  const text = (n: number | null) => (n === null ? '' : String(n));
  return {
    name: team.name,
    strategy: team.strategy,
    cap: text(team.maxOpenPerAgent),
    reassignOffline: team.reassignOffline,
    firstResponse: text(team.firstResponseMinutes),
    nextResponse: text(team.nextResponseMinutes),
    memberIds: team.memberIds,
    channelIds: team.channelIds,
  };
}

/** A whole number typed in a field: null when empty, NaN when not a whole positive number (refused before sending). */
export function wholeOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return /^\d+$/.test(trimmed) && Number(trimmed) > 0 ? Number(trimmed) : Number.NaN;
}

/** The fields the draft gets wrong before sending (key: field, value: the error's key in `settings-teams:errors`). */
export function draftProblems(d: TeamDraft): Record<string, 'nameEmpty' | 'wholeNumber'> {
  const out: Record<string, 'nameEmpty' | 'wholeNumber'> = {};
  if (!d.name.trim()) out['name'] = 'nameEmpty';
  for (const [field, value] of [
    ['maxOpenPerAgent', d.cap],
    ['firstResponseMinutes', d.firstResponse],
    ['nextResponseMinutes', d.nextResponse],
  ] as const) {
    if (Number.isNaN(wholeOrNull(value))) out[field] = 'wholeNumber';
  }
  return out;
}

export function inputOf(d: TeamDraft): TeamInput {
  return {
    name: d.name.trim(),
    strategy: d.strategy,
    maxOpenPerAgent: wholeOrNull(d.cap),
    reassignOffline: d.reassignOffline,
    firstResponseMinutes: wholeOrNull(d.firstResponse),
    nextResponseMinutes: wholeOrNull(d.nextResponse),
    memberIds: d.memberIds,
    channelIds: d.channelIds,
  };
}

/** The set with `id` added or removed. */
export function toggled(ids: number[], id: number, on: boolean): number[] {
  return on ? [...new Set([...ids, id])].sort((a, b) => a - b) : ids.filter((x) => x !== id);
}
