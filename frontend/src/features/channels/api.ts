import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useCursorList } from '../../lib/list/useCursorList';
import { call } from '../../lib/problem';
import type { ChannelKind } from './channelForm';

export const channelKeys = {
  all: ['notification-channels'] as const,
  deliveries: (query: object) => ['notification-deliveries', query] as const,
};

export function useChannels() {
  return useQuery({ queryKey: channelKeys.all, queryFn: () => call(api.GET('/api/v1/notification-channels')) });
}

export function useSaveChannel(kind: ChannelKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { enabled: boolean; config: Record<string, unknown> }) =>
      call(api.PUT('/api/v1/notification-channels/{kind}', { params: { path: { kind } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

/** Sends the signed-in admin a test message on the channel (its saved settings). */
export function useTestChannel(kind: ChannelKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/notification-channels/{kind}/test', { params: { path: { kind } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['webpush'] }),
  });
}

export type DeliveryStatusName = 'sent' | 'failed' | 'retrying';

export function useNotificationDeliveries(query: { channel?: ChannelKind; status?: DeliveryStatusName }) {
  return useCursorList(channelKeys.deliveries(query), (cursor) =>
    call(api.GET('/api/v1/notification-deliveries', { params: { query: { ...query, cursor, limit: 50 } } })),
  );
}
