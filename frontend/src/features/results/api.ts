import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { StatusCountsQuery } from '../../api/types';
import { call } from '../../lib/problem';

export type ReviewAction = 'confirm' | 'return' | 'reject';
export const REVIEW_ACTIONS: readonly ReviewAction[] = ['confirm', 'return', 'reject'];

export const resultKeys = {
  all: ['results'] as const,
  list: (query: object) => ['results', 'list', query] as const,
  counts: (query: object) => ['results', 'counts', query] as const,
  one: (id: string) => ['results', 'one', id] as const,
  revisions: (id: string) => ['results', 'revisions', id] as const,
  reviews: (id: string) => ['results', 'reviews', id] as const,
};

export function useResult(id: string | undefined) {
  return useQuery({
    queryKey: resultKeys.one(id ?? ''),
    queryFn: () => call(api.GET('/api/v1/results/{result_id}', { params: { path: { result_id: id! } } })),
    enabled: Boolean(id),
  });
}

export function useRevisions(id: string) {
  return useQuery({
    queryKey: resultKeys.revisions(id),
    queryFn: () => call(api.GET('/api/v1/results/{result_id}/revisions', { params: { path: { result_id: id }, query: { limit: 200 } } })),
  });
}

export interface ReviewInput {
  ids: string[];
  action: ReviewAction;
  note?: string;
}

/** Reviews one result (POST /results/{id}/review) or many at once, all-or-nothing (POST /results/review). */
export function useReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, action, note }: ReviewInput) => {
      const body = { action, note: note?.trim() || null };
      if (ids.length === 1) {
        await call(api.POST('/api/v1/results/{result_id}/review', { params: { path: { result_id: ids[0]! } }, body }));
      } else {
        await call(api.POST('/api/v1/results/review', { body: { ...body, ids } }));
      }
      return ids.length;
    },
    // Not awaited: the review is done when the server says so; waiting for every results query
    // (each loaded page of the list, the counts, the open result) to refetch kept the dialog
    // spinning and the drawer from moving on for as long as the slowest refetch took.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: resultKeys.all });
    },
  });
}

/** Per-status counts for the workbench badges: GET /results/counts with the same other filters. */
export function useStatusCounts(query: StatusCountsQuery) {
  return useQuery({
    queryKey: resultKeys.counts(query),
    queryFn: () => call(api.GET('/api/v1/results/counts', { params: { query } })),
    staleTime: 10_000,
  });
}

export function useReviews(id: string) {
  return useQuery({
    queryKey: resultKeys.reviews(id),
    queryFn: () => call(api.GET('/api/v1/results/{result_id}/reviews', { params: { path: { result_id: id } } })),
  });
}
