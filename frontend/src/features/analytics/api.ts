import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError, call, type FetchResult } from '../../lib/problem';
import type { GroupBy } from './contract';
import type { AnalyticsScope } from './filters';

export const analyticsKeys = {
  all: ['analytics'] as const,
  one: (path: string, query: object) => ['analytics', path, query] as const,
};

/** An answer and, when the server served a saved answer from before the latest changes (a
 * large organisation's, while it is computed again), how old it is: its `Age` header. */
export type Answer<T> = T & { servedAgeSeconds?: number };

async function answer<T>(request: Promise<FetchResult<T>>): Promise<Answer<T>> {
  let age = 0;
  const data = await call(
    request.then((result) => {
      age = Number(result.response.headers.get('Age')) || 0;
      return result;
    }),
  );
  return age > 0 && data && typeof data === 'object' ? { ...data, servedAgeSeconds: age } : (data as Answer<T>);
}

/** The age of a stale answer (see {@link Answer}), or undefined for a current one. */
export function servedAge(data: unknown): number | undefined {
  const age = data && typeof data === 'object' ? (data as { servedAgeSeconds?: unknown }).servedAgeSeconds : undefined;
  return typeof age === 'number' ? age : undefined;
}

function useAnalytics<T>(path: string, query: object, fetch: () => Promise<T>, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.one(path, query),
    queryFn: fetch,
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
  });
}

export function useDistribution(scope: AnalyticsScope, dimension: string, groupBy: GroupBy) {
  const query = { ...scope, dimension, group_by: groupBy, bins: 10 };
  return useAnalytics('distribution', query, () => answer(api.GET('/api/v1/analytics/distribution', { params: { query } })));
}

export function useTrends(scope: AnalyticsScope, dimension: string, groupBy: GroupBy) {
  const query = { ...scope, dimension, group_by: groupBy };
  return useAnalytics('trends', query, () => answer(api.GET('/api/v1/analytics/trends', { params: { query } })));
}

export function useDimensionMeans(scope: AnalyticsScope, groupBy: GroupBy) {
  const query = { ...scope, group_by: groupBy };
  return useAnalytics('dimension-means', query, () => answer(api.GET('/api/v1/analytics/dimension-means', { params: { query } })));
}

export function useCorrelation(scope: AnalyticsScope, dimension: string, outcome: string | undefined) {
  const query = { ...scope, dimension, outcome: outcome ?? '' };
  return useAnalytics('correlation', query, () => answer(api.GET('/api/v1/analytics/correlation', { params: { query } })), Boolean(outcome));
}

export function useThreshold(scope: AnalyticsScope, dimension: string, threshold: number, outcome: string | undefined) {
  const query = { ...scope, dimension, threshold, outcome: outcome ?? '' };
  return useAnalytics('threshold', query, () => answer(api.GET('/api/v1/analytics/threshold', { params: { query } })), Boolean(outcome));
}

export function useRetention(scope: AnalyticsScope, dimension: string, threshold: number, months: number) {
  const query = { ...scope, dimension, threshold, months };
  return useAnalytics('retention', query, () => answer(api.GET('/api/v1/analytics/retention', { params: { query } })));
}

export function useTrainingNeeds(scope: AnalyticsScope) {
  const query = { ...scope };
  return useAnalytics('training-needs', query, () => answer(api.GET('/api/v1/analytics/training-needs', { params: { query } })));
}

/** Per dimension, the courses whose completers' later scores rose most (computed on each ask). */
export function useCourseEffects(scope: AnalyticsScope) {
  const query = { ...scope };
  return useAnalytics('course-effects', query, () => call(api.GET('/api/v1/analytics/course-effects', { params: { query } })));
}

/** The performance metrics imported so far (the outcome picker's choices), most people first. */
export function useOutcomeMetrics() {
  return useQuery({
    queryKey: ['analytics', 'metrics'] as const,
    queryFn: () => call(api.GET('/api/v1/analytics/metrics')),
    staleTime: 60_000,
  });
}
