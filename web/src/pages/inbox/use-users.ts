import { useQuery } from '@tanstack/react-query';
import { listUsers } from '../../api/inbox-api.ts';
import type { User } from '../../api/types.ts';
import { queryKeys } from '../../queries/query-keys.ts';

const NONE: User[] = [];

/** The organisation's users, for assigning; an empty list until (or unless) they can be read. */
export function useUsers(): User[] {
  return useQuery({ queryKey: queryKeys.users(), queryFn: listUsers, staleTime: 5 * 60_000 }).data ?? NONE;
}
