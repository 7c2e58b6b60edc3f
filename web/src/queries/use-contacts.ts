import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { contactTimeline, getContact, listContacts, listNotes } from '../api/contacts-api.ts';
import { queryKeys } from './query-keys.ts';

/** Contacts matching `q`, a page at a time (newest first). */
export function useContactSearch(q: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.contacts(q),
    queryFn: ({ pageParam, signal }) => listContacts({ q, cursor: pageParam }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useContact(id: number) {
  return useQuery({ queryKey: queryKeys.contact(id), queryFn: ({ signal }) => getContact(id, signal) });
}

/** The contact's timeline: the newest page first, older pages appended by `fetchNextPage`. */
export function useContactTimeline(id: number) {
  return useInfiniteQuery({
    queryKey: queryKeys.contactTimeline(id),
    queryFn: ({ pageParam, signal }) => contactTimeline(id, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useContactNotes(id: number) {
  return useQuery({ queryKey: queryKeys.contactNotes(id), queryFn: ({ signal }) => listNotes(id, signal) });
}
