import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listApiTokens, listManagedUsers, listMySessions, listUserSessions } from '../api/people-api.ts';
import { fetchProfile } from '../api/profile-api.ts';
import { queryKeys } from './query-keys.ts';

/** Every user of the organisation, disabled ones too, with last seen and sessions (admins). */
export function useManagedUsers() {
  return useQuery({ queryKey: queryKeys.managedUsers(), queryFn: ({ signal }) => listManagedUsers(signal) });
}

export function useUserSessions(userId: number) {
  return useQuery({ queryKey: queryKeys.userSessions(userId), queryFn: ({ signal }) => listUserSessions(userId, signal) });
}

export function useMySessions() {
  return useQuery({ queryKey: queryKeys.mySessions(), queryFn: ({ signal }) => listMySessions(signal) });
}

export function useProfile() {
  return useQuery({ queryKey: queryKeys.profile(), queryFn: ({ signal }) => fetchProfile(signal) });
}

export function useApiTokens() {
  return useQuery({ queryKey: queryKeys.apiTokens(), queryFn: ({ signal }) => listApiTokens(signal) });
}

/**
 * A change to people: once it succeeds, the users (the inbox's assignees too) and every list of
 * sessions are read again, since a role, a disabled user or a new password changes both.
 */
export function usePeopleMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>, onSuccess?: (result: TResult, vars: TVars) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result, vars) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users() });
      void queryClient.invalidateQueries({ queryKey: ['sessions'] });
      onSuccess?.(result, vars);
    },
  });
}
