import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getNotificationPreferences, getUnreadCount, updateNotificationPreferences, type NotificationPreferences } from '../../api/notifications-api.ts';

export const notificationKeys = {
  preferences: () => ['notification-preferences'] as const,
  unread: () => ['unread-count'] as const,
};

export function useNotificationPreferences() {
  return useQuery({ queryKey: notificationKeys.preferences(), queryFn: ({ signal }) => getNotificationPreferences(signal), staleTime: 60_000 });
}

/** Change some preferences; the cache takes the server's answer. */
export function useUpdateNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<NotificationPreferences>) => updateNotificationPreferences(change),
    onSuccess: (preferences) => queryClient.setQueryData(notificationKeys.preferences(), preferences),
  });
}

export function useUnreadCount() {
  return useQuery({ queryKey: notificationKeys.unread(), queryFn: ({ signal }) => getUnreadCount(signal) });
}
