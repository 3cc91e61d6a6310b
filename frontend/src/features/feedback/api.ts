import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { FeedbackResolution } from '../../api/types';
import { useCursorList } from '../../lib/list/useCursorList';
import { call } from '../../lib/problem';

export const feedbackKeys = {
  all: ['feedback'] as const,
  list: (query: object) => ['feedback', 'list', query] as const,
  one: (id: string) => ['feedback', 'one', id] as const,
  metrics: ['feedback', 'metrics'] as const,
};

export type FeedbackStatus = 'open' | 'answered' | 'resolved';

export interface InboxQuery {
  status?: FeedbackStatus;
  overdue?: boolean;
}

/** HR: every feedback by time left (due_at ascending). */
export function useFeedbackList(query: InboxQuery) {
  return useCursorList(feedbackKeys.list(query), (cursor) =>
    call(api.GET('/api/v1/feedback', { params: { query: { ...query, sort: 'due_at', cursor, limit: 50 } } })),
  );
}

export function useFeedback(id: string | undefined) {
  return useQuery({
    queryKey: feedbackKeys.one(id ?? ''),
    queryFn: () => call(api.GET('/api/v1/feedback/{feedback_id}', { params: { path: { feedback_id: id! } } })),
    enabled: Boolean(id),
  });
}

export function useFeedbackMetrics() {
  return useQuery({
    queryKey: feedbackKeys.metrics,
    queryFn: () => call(api.GET('/api/v1/feedback/metrics')),
    staleTime: 60_000,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: feedbackKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['my-results'] }),
    ]);
}

export function useCreateFeedback() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { result_id: string; message: string }) => call(api.POST('/api/v1/feedback', { body })),
    onSettled: invalidate,
  });
}

export function useSendMessage(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: string) =>
      call(api.POST('/api/v1/feedback/{feedback_id}/messages', { params: { path: { feedback_id: id } }, body: { body } })),
    onSettled: invalidate,
  });
}

/** Active HR and admin users feedback can be assigned to. */
export function useAssignees(enabled: boolean) {
  return useQuery({
    queryKey: ['feedback', 'assignees'],
    queryFn: () => call(api.GET('/api/v1/feedback/assignees')),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useAssign(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (userId: string | null) =>
      call(api.POST('/api/v1/feedback/{feedback_id}/assign', { params: { path: { feedback_id: id } }, body: { user_id: userId } })),
    onSettled: invalidate,
  });
}

export interface ResolveBody {
  resolution: FeedbackResolution;
  note: string;
  adjusted_total?: number | null;
  adjusted_dimensions?: { code: string; score: number }[] | null;
}

export function useResolve(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ResolveBody) =>
      call(api.POST('/api/v1/feedback/{feedback_id}/resolve', { params: { path: { feedback_id: id } }, body })),
    onSettled: invalidate,
  });
}
