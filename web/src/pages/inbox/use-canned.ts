import { useQuery } from '@tanstack/react-query';
import { listCannedResponses } from '../../api/inbox-api.ts';
import type { CannedResponse } from '../../api/types.ts';
import { queryKeys } from '../../queries/query-keys.ts';

const NONE: CannedResponse[] = [];

/** The team's canned responses, read when first needed (a "/" typed) and kept for the session. */
export function useCannedResponses(wanted: boolean): CannedResponse[] {
  return useQuery({ queryKey: queryKeys.canned(), queryFn: listCannedResponses, enabled: wanted, staleTime: Infinity }).data ?? NONE;
}
