import { api } from '../../api/client';
import { call } from '../../lib/problem';
import type { MessageStatus } from './webhooks';

export const webhookKeys = {
  all: ['webhook-endpoints'] as const,
  list: () => ['webhook-endpoints', 'list'] as const,
  messages: (endpointId: string, status?: MessageStatus) => ['webhook-endpoints', 'messages', endpointId, status ?? 'all'] as const,
};

export function fetchEndpoints(cursor: string | undefined, limit = 50) {
  return call(api.GET('/api/v1/webhook-endpoints', { params: { query: { limit, cursor } } }));
}

export function fetchMessages(endpointId: string, status: MessageStatus | undefined, cursor: string | undefined, limit = 50) {
  return call(
    api.GET('/api/v1/webhook-endpoints/{endpoint_id}/messages', {
      params: { path: { endpoint_id: endpointId }, query: { status, cursor, limit } },
    }),
  );
}
