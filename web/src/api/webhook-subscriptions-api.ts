/**
 * Outgoing webhooks (Settings → Integrations): subscriptions, their delivery log and "send again".
 * Shapes from the server's contract (src/contract/webhook-subscriptions.ts), imported type-only.
 */
import type { z } from 'zod';
import type {
  CreatedWebhookSubscriptionResult,
  NewWebhookSubscriptionInput,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEventType,
  WebhookSubscription,
} from '../../../src/contract/webhook-subscriptions.ts';
import { request } from './http.ts';

export type { WebhookDelivery, WebhookEventType, WebhookSubscription };
export type DeliveryPage = z.infer<typeof WebhookDeliveryList>;

export function listWebhookSubscriptions(signal?: AbortSignal) {
  return request<{ subscriptions: WebhookSubscription[] }>('/api/v1/webhook-subscriptions', { signal }).then((r) => r.subscriptions);
}

export function createWebhookSubscription(body: NewWebhookSubscriptionInput) {
  return request<CreatedWebhookSubscriptionResult>('/api/v1/webhook-subscriptions', { method: 'POST', body });
}

export function deleteWebhookSubscription(id: number) {
  return request<{ ok: true }>(`/api/v1/webhook-subscriptions/${id}`, { method: 'DELETE' });
}

export function enableWebhookSubscription(id: number) {
  return request<{ subscription: WebhookSubscription }>(`/api/v1/webhook-subscriptions/${id}/enable`, { method: 'POST', body: {} }).then((r) => r.subscription);
}

export function listWebhookDeliveries(id: number, opts: { limit?: number; before?: number } = {}, signal?: AbortSignal) {
  const q = new URLSearchParams({ limit: String(opts.limit ?? 50) });
  if (opts.before) q.set('before', String(opts.before));
  return request<DeliveryPage>(`/api/v1/webhook-subscriptions/${id}/deliveries?${q}`, { signal });
}

export function redeliverWebhook(subscriptionId: number, deliveryId: number) {
  return request<{ delivery: WebhookDelivery }>(`/api/v1/webhook-subscriptions/${subscriptionId}/deliveries/${deliveryId}/redeliver`, { method: 'POST', body: {} }).then((r) => r.delivery);
}
