import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { changeProfile, fetchProfile, type Profile } from '../api/profile-api.ts';
import { queryKeys } from '../queries/query-keys.ts';
import { applyUserLanguage } from './i18n.ts';
import { isLanguage, type Language } from './languages.ts';

/** A stored tag as the app uses it: "de-AT" is German; one the app does not know is no choice. */
export function languageOf(tag: string | null | undefined): Language | null {
  const base = tag?.toLowerCase().split('-')[0];
  return isLanguage(base) ? base : null;
}

/**
 * At sign-in: the user's profile is read and their language applied before the first page
 * shows, so it never flashes in another language. A profile that cannot be read leaves the
 * browser's language (the rest of the app will say what went wrong).
 */
export async function applyLanguageOfUser(queryClient: QueryClient): Promise<void> {
  try {
    const profile = await queryClient.fetchQuery({ queryKey: queryKeys.profile(), queryFn: ({ signal }) => fetchProfile(signal) });
    await applyUserLanguage(languageOf(profile.language));
  } catch {
    await applyUserLanguage(null);
  }
}

/** The signed-in user's language and a way to change it: applied at once, stored on the server. */
export function useUserLanguage() {
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: queryKeys.profile(), queryFn: ({ signal }) => fetchProfile(signal) });
  const mutation = useMutation({
    mutationFn: (language: Language | null) => changeProfile({ language }),
    onMutate: (language) => {
      const before = queryClient.getQueryData<Profile>(queryKeys.profile());
      void applyUserLanguage(language);
      if (before) queryClient.setQueryData<Profile>(queryKeys.profile(), { ...before, language });
      return { before };
    },
    onError: (_err, _language, context) => {
      // Not stored: back to what the server has, so the screen does not promise what it lacks.
      if (context?.before) queryClient.setQueryData(queryKeys.profile(), context.before);
      void applyUserLanguage(languageOf(context?.before?.language));
    },
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.profile(), saved),
  });
  return { language: languageOf(profile.data?.language), ready: profile.isSuccess, change: mutation.mutate, saving: mutation.isPending, error: mutation.error };
}
