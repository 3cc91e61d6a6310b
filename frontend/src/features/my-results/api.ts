import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useCursorList } from '../../lib/list/useCursorList';
import { ApiError, call } from '../../lib/problem';

export const myResultKeys = {
  all: ['my-results'] as const,
  list: ['my-results', 'list'] as const,
  one: (id: string) => ['my-results', 'one', id] as const,
};

export function useMyResults() {
  return useCursorList(myResultKeys.list, (cursor) => call(api.GET('/api/v1/me/results', { params: { query: { cursor, limit: 20 } } })));
}

export function useMyResult(id: string) {
  return useQuery({
    queryKey: myResultKeys.one(id),
    queryFn: () => call(api.GET('/api/v1/me/results/{result_id}', { params: { path: { result_id: id } } })),
  });
}

/** The open feedback a 409 on POST /feedback points to (the problem's `feedback_id`). */
export function conflictingFeedbackId(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const id = (err.problem as Record<string, unknown>).feedback_id;
  return typeof id === 'string' ? id : null;
}

export type ScoreLevel = 'strong' | 'good' | 'fair' | 'weak';

/** Plain words for a normalised score (0–100). */
export function scoreLevel(normalized: number): ScoreLevel {
  if (normalized >= 85) return 'strong';
  if (normalized >= 75) return 'good';
  if (normalized >= 60) return 'fair';
  return 'weak';
}
