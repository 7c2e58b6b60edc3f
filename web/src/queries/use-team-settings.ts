import { useQuery } from '@tanstack/react-query';
import { listCannedResponses } from '../api/inbox-api.ts';
import { getBusinessTime, getJournalEntry, getOrganization, listJournal, listLabels, type JournalFilter } from '../api/team-settings-api.ts';
import { queryKeys } from './query-keys.ts';

/** The team's canned responses (the same entry the composer's menu reads). */
export function useCannedList() {
  return useQuery({ queryKey: queryKeys.canned(), queryFn: listCannedResponses });
}

/** The organisation's labels, read by the labels page and the inbox's label editor. */
export function useLabels(enabled = true) {
  return useQuery({ queryKey: queryKeys.labels(), queryFn: ({ signal }) => listLabels(signal), enabled, staleTime: 60_000 });
}

export function useJournal(filter: JournalFilter) {
  return useQuery({ queryKey: queryKeys.journal(filter.states, filter.platform), queryFn: ({ signal }) => listJournal(filter, signal) });
}

export function useJournalEntry(id: number, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.journalEntry(id), queryFn: ({ signal }) => getJournalEntry(id, signal), enabled });
}

/** The organisation's name, time zone, hours and holidays (also what `{{organisation.name}}` fills). */
export function useOrganization(enabled = true) {
  return useQuery({ queryKey: queryKeys.organization(), queryFn: ({ signal }) => getOrganization(signal), enabled, staleTime: 5 * 60_000 });
}

/** Open or closed right now, asked again every minute. */
export function useBusinessTime() {
  return useQuery({ queryKey: queryKeys.businessTime(), queryFn: ({ signal }) => getBusinessTime(signal), refetchInterval: 60_000 });
}
