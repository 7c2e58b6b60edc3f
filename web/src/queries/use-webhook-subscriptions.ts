import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { listWebhookDeliveries, listWebhookSubscriptions } from '../api/webhook-subscriptions-api.ts';
import { queryKeys } from './query-keys.ts';

/** The organisation's outgoing webhooks (admins). */
export function useWebhookSubscriptions() {
  return useQuery({ queryKey: queryKeys.webhookSubscriptions(), queryFn: ({ signal }) => listWebhookSubscriptions(signal) });
}

/**
 * A subscription's latest delivery, for the list's "last delivery" line: asked again soon while
 * there is none yet or it is pending, rarely once it settled (the open log keeps it current too).
 */
export function useLastDelivery(id: number) {
  return useQuery({
    queryKey: queryKeys.webhookLastDelivery(id),
    queryFn: ({ signal }) => listWebhookDeliveries(id, { limit: 1 }, signal).then((r) => r.deliveries[0] ?? null),
    refetchInterval: (q) => (q.state.data === null ? 10_000 : q.state.data?.state === 'pending' ? 3_000 : 30_000),
  });
}

/**
 * A subscription's delivery log, newest first, older pages on demand. Read again every few seconds
 * while a delivery is still pending (its attempts are the worker's, not this page's, to report).
 */
export function useWebhookDeliveries(id: number) {
  return useInfiniteQuery({
    queryKey: queryKeys.webhookDeliveries(id),
    queryFn: ({ signal, pageParam }) => listWebhookDeliveries(id, { before: pageParam ?? undefined }, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.deliveries.some((d) => d.state === 'pending')) ? 2_000 : 15_000),
  });
}
