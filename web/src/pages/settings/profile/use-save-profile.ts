import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Profile } from '../../../api/people-api.ts';
import { useMe, useSession } from '../../../app/session.tsx';
import { queryKeys } from '../../../queries/query-keys.ts';

/**
 * A change to my profile: the cached profile takes the answer, and the shell (which shows who is
 * signed in) and the users lists learn the new name.
 */
export function useSaveProfile<TVars>(mutationFn: (vars: TVars) => Promise<Profile>) {
  const queryClient = useQueryClient();
  const me = useMe();
  const { signedIn } = useSession();
  return useMutation({
    mutationFn,
    onSuccess: (profile) => {
      queryClient.setQueryData(queryKeys.profile(), profile);
      if (profile.name !== me.name) {
        signedIn({ ...me, name: profile.name });
        void queryClient.invalidateQueries({ queryKey: queryKeys.users() });
      }
    },
  });
}
