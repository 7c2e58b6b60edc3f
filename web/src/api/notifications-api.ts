import type { NotificationPreferences } from '../../../src/contract/notifications.ts';
import { request } from './http.ts';

export type { NotificationPreferences, NotificationTrigger } from '../../../src/contract/notifications.ts';

export function getNotificationPreferences(signal?: AbortSignal) {
  return request<{ preferences: NotificationPreferences }>('/api/v1/me/notification-preferences', { signal }).then((r) => r.preferences);
}

export function updateNotificationPreferences(change: Partial<NotificationPreferences>) {
  return request<{ preferences: NotificationPreferences }>('/api/v1/me/notification-preferences', { method: 'PATCH', body: change }).then((r) => r.preferences);
}

export function getUnreadCount(signal?: AbortSignal) {
  return request<{ conversations: number }>('/api/v1/me/unread-count', { signal }).then((r) => r.conversations);
}

export function getVapidPublicKey() {
  return request<{ publicKey: string }>('/api/v1/push-subscriptions/vapid-public-key').then((r) => r.publicKey);
}

export function listPushSubscriptions() {
  return request<{ subscriptions: { id: number; service: string; current: boolean }[] }>('/api/v1/push-subscriptions').then((r) => r.subscriptions);
}

/** A browser's PushSubscription, as its toJSON() gives it. */
export function createPushSubscription(subscription: PushSubscriptionJSON) {
  return request<{ id: number }>('/api/v1/push-subscriptions', { method: 'POST', body: subscription }).then((r) => r.id);
}

export function deletePushSubscription(id: number) {
  return request<unknown>(`/api/v1/push-subscriptions/${id}`, { method: 'DELETE' });
}
