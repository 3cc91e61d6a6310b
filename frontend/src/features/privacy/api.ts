import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { PrivacyNoticeIn, ProcessingRecords, PrivacyRequestKind, PrivacyRequestStatus, PrivacyResolution, RetentionPolicyIn } from '../../api/types';
import { authFetch } from '../../lib/auth/session';
import { useCursorList } from '../../lib/list/useCursorList';
import { ApiError, call } from '../../lib/problem';
import { fileNameFrom } from '../workbench/exportResults';

export const privacyKeys = {
  all: ['privacy'] as const,
  notice: ['privacy', 'notice'] as const,
  accessLog: ['privacy', 'access-log'] as const,
  mine: ['privacy', 'my-requests'] as const,
  queue: (query: object) => ['privacy', 'queue', query] as const,
  metrics: ['privacy', 'metrics'] as const,
  policy: ['privacy', 'retention-policy'] as const,
  preview: ['privacy', 'retention-preview'] as const,
  runs: ['privacy', 'retention-runs'] as const,
  records: ['privacy', 'processing-records'] as const,
};

export function useNotice() {
  return useQuery({ queryKey: privacyKeys.notice, queryFn: () => call(api.GET('/api/v1/privacy-notice')) });
}

/** Acknowledge the current notice; `/me` then says no acknowledgement is needed. */
export function useAcknowledge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: string) => call(api.POST('/api/v1/me/privacy-notice/ack', { body: { version } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['me'] }),
        queryClient.invalidateQueries({ queryKey: privacyKeys.notice }),
        queryClient.invalidateQueries({ queryKey: ['my-results'] }),
      ]),
  });
}

export function useAccessLog() {
  return useCursorList(privacyKeys.accessLog, (cursor) => call(api.GET('/api/v1/me/access-log', { params: { query: { cursor, limit: 20 } } })));
}

export function useMyRequests() {
  return useCursorList(privacyKeys.mine, (cursor) => call(api.GET('/api/v1/me/privacy-requests', { params: { query: { cursor, limit: 50 } } })));
}

export function useFileRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: PrivacyRequestKind; message: string }) => call(api.POST('/api/v1/me/privacy-requests', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: privacyKeys.mine }),
  });
}

export interface QueueQuery {
  status?: PrivacyRequestStatus;
  overdue?: boolean;
}

export function useRequestQueue(query: QueueQuery) {
  return useCursorList(privacyKeys.queue(query), (cursor) =>
    call(api.GET('/api/v1/privacy-requests', { params: { query: { ...query, sort: 'due_at', cursor, limit: 50 } } })),
  );
}

export function useRequestMetrics() {
  return useQuery({ queryKey: privacyKeys.metrics, queryFn: () => call(api.GET('/api/v1/privacy-requests/metrics')), staleTime: 60_000 });
}

export function useResolveRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, resolution, note }: { id: string; resolution: PrivacyResolution; note: string }) =>
      call(api.POST('/api/v1/privacy-requests/{request_id}/resolve', { params: { path: { request_id: id } }, body: { resolution, note } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: privacyKeys.all }),
  });
}

export function usePublishNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PrivacyNoticeIn) => call(api.PUT('/api/v1/privacy-notice', { body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: privacyKeys.notice }), queryClient.invalidateQueries({ queryKey: ['me'] })]),
  });
}

export function useRetentionPolicy() {
  return useQuery({ queryKey: privacyKeys.policy, queryFn: () => call(api.GET('/api/v1/retention-policy')) });
}

export function useSaveRetentionPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RetentionPolicyIn) => call(api.PUT('/api/v1/retention-policy', { body })),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: privacyKeys.policy }), queryClient.invalidateQueries({ queryKey: privacyKeys.preview })]),
  });
}

/** The preview is computed on demand (a button), never in the background. */
export function useRetentionPreview(enabled: boolean) {
  return useQuery({
    queryKey: privacyKeys.preview,
    queryFn: () => call(api.GET('/api/v1/retention-policy/preview')),
    enabled,
    staleTime: 0,
  });
}

export function useRetentionRuns() {
  return useCursorList(privacyKeys.runs, (cursor) => call(api.GET('/api/v1/retention-policy/runs', { params: { query: { cursor, limit: 10 } } })));
}

export function useProcessingRecords() {
  // The operation also answers XLSX (format=xlsx), so the client cannot infer the JSON shape.
  return useQuery({
    queryKey: privacyKeys.records,
    queryFn: async () => (await call(api.GET('/api/v1/processing-records'))) as ProcessingRecords,
  });
}

/** Downloads a file answer with the bearer token (fetch → blob → object URL). */
export async function download(url: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await authFetch(new Request(url));
  } catch (err) {
    throw new ApiError(0, { title: 'Network error', detail: String(err) });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem as object);
  }
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('Content-Disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}
