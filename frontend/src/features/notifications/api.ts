import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { NotificationPreferences } from '../../api/types';
import { useCursorList } from '../../lib/list/useCursorList';
import { call } from '../../lib/problem';

export const notificationKeys = {
  all: ['notifications'] as const,
  count: ['notifications', 'count'] as const,
  list: (unread: boolean) => ['notifications', 'list', unread] as const,
  recent: ['notifications', 'recent'] as const,
  preferences: ['me', 'notification-preferences'] as const,
};

export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.count,
    queryFn: () => call(api.GET('/api/v1/notifications/unread-count')),
    select: (d) => d.unread_count,
    enabled,
    staleTime: 30_000,
  });
}

/** The few newest notifications, for the bell's dropdown. */
export function useRecentNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.recent,
    queryFn: () => call(api.GET('/api/v1/notifications', { params: { query: { limit: 8 } } })),
    enabled,
  });
}

export function useNotificationList(unread: boolean) {
  return useCursorList(notificationKeys.list(unread), (cursor) =>
    call(api.GET('/api/v1/notifications', { params: { query: { unread: unread || undefined, cursor, limit: 30 } } })),
  );
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/notifications/read-all')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function usePreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: () => call(api.GET('/api/v1/me/notification-preferences')),
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channels: Partial<NotificationPreferences['channels']>) =>
      call(api.PUT('/api/v1/me/notification-preferences', { body: { channels } })),
    onSuccess: (data) => queryClient.setQueryData(notificationKeys.preferences, data),
  });
}

export function useWebPushKey(enabled: boolean) {
  return useQuery({
    queryKey: ['webpush', 'key'] as const,
    queryFn: () => call(api.GET('/api/v1/webpush/key')),
    enabled,
    staleTime: Infinity,
  });
}

/** Sends this browser's subscription (the server switches my webpush channel on). */
export function useSubscribePush() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscription: PushSubscriptionJSON) =>
      call(
        api.POST('/api/v1/me/push-subscriptions', {
          body: {
            endpoint: subscription.endpoint ?? '',
            expirationTime: subscription.expirationTime ?? null,
            keys: { p256dh: subscription.keys?.p256dh ?? '', auth: subscription.keys?.auth ?? '' },
          },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.preferences }),
  });
}

export function useUnsubscribePush() {
  return useMutation({
    mutationFn: (endpoint: string) => call(api.DELETE('/api/v1/me/push-subscriptions', { params: { query: { endpoint } } })),
  });
}
