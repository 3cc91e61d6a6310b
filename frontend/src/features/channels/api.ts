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

export type DeliveryStatusName = 'sent' | 'failed' | 'retrying';

export function useNotificationDeliveries(query: { channel?: ChannelKind; status?: DeliveryStatusName }) {
  return useCursorList(channelKeys.deliveries(query), (cursor) =>
    call(api.GET('/api/v1/notification-deliveries', { params: { query: { ...query, cursor, limit: 50 } } })),
  );
}
