import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { contactTimeline, getContact, listAttributeDefinitions, listContacts, listNotes, listSuggestions, type ContactFilters } from '../api/contacts-api.ts';
import { queryKeys } from './query-keys.ts';

/** Contacts matching the filters, a page at a time (newest first). */
export function useContactSearch(filters: ContactFilters, { enabled = true } = {}) {
  return useInfiniteQuery({
    queryKey: queryKeys.contacts(filters),
    queryFn: ({ pageParam, signal }) => listContacts({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
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

/** Pairs of contacts that may be one person (dismissed pairs never come back). */
export function useContactSuggestions() {
  return useQuery({ queryKey: queryKeys.contactSuggestions(), queryFn: ({ signal }) => listSuggestions(signal) });
}

/** The custom attributes the organisation keeps on contacts. */
export function useAttributeDefinitions() {
  return useQuery({ queryKey: queryKeys.contactAttributes(), queryFn: ({ signal }) => listAttributeDefinitions(signal) });
}
