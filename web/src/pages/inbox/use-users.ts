import { useQuery } from '@tanstack/react-query';
import { listUsers } from '../../api/inbox-api.ts';
import type { TeamMember } from '../../api/presence-api.ts';
import { queryKeys } from '../../queries/query-keys.ts';

const NONE: TeamMember[] = [];

/** The organisation's users with their presence (kept live by live-cache.ts), for assigning; an empty list until (or unless) they can be read. */
export function useUsers(): TeamMember[] {
  return useQuery({ queryKey: queryKeys.users(), queryFn: listUsers, staleTime: 5 * 60_000 }).data ?? NONE;
}
