import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { StandardIn } from '../../api/types';
import { ApiError, call } from '../../lib/problem';
import { resultKeys } from '../results/api';

export const standardKeys = {
  all: ['standards'] as const,
  view: (positionId: string) => ['standards', positionId, 'view'] as const,
  versions: (positionId: string) => ['standards', positionId, 'versions'] as const,
  simulation: (positionId: string, body: object) => ['standards', positionId, 'simulate', body] as const,
  weights: (positionId: string, outcome: string) => ['standards', positionId, 'weights', outcome] as const,
  application: (positionId: string, id: string) => ['standards', positionId, 'application', id] as const,
  fit: (personId: string) => ['standards', 'fit', personId] as const,
};

const noClientErrors = (count: number, err: unknown) => !(err instanceof ApiError && err.status < 500) && count < 2;

export function useStandard(positionId: string | undefined) {
  return useQuery({
    queryKey: standardKeys.view(positionId ?? ''),
    queryFn: () => call(api.GET('/api/v1/positions/{position_id}/standard', { params: { path: { position_id: positionId! } } })),
    enabled: Boolean(positionId),
  });
}

export function useStandardVersions(positionId: string | undefined) {
  return useQuery({
    queryKey: standardKeys.versions(positionId ?? ''),
    queryFn: () => call(api.GET('/api/v1/positions/{position_id}/standards', { params: { path: { position_id: positionId! } } })),
    enabled: Boolean(positionId),
  });
}

export interface SimulationRequest {
  draft: StandardIn;
  interviewed_from?: string;
  interviewed_to?: string;
  outcome?: string;
}

/** The what-if of a draft; the previous answer stays on screen while the next is computed. */
export function useSimulation(positionId: string | undefined, body: SimulationRequest | null) {
  return useQuery({
    queryKey: standardKeys.simulation(positionId ?? '', body ?? {}),
    queryFn: () =>
      call(api.POST('/api/v1/positions/{position_id}/standard/simulate', { params: { path: { position_id: positionId! } }, body: body! })),
    enabled: Boolean(positionId && body),
    placeholderData: keepPreviousData,
    retry: noClientErrors,
    staleTime: 30_000,
  });
}

export function useSuggestedWeights(positionId: string | undefined, outcome: string | undefined) {
  return useQuery({
    queryKey: standardKeys.weights(positionId ?? '', outcome ?? ''),
    queryFn: () => call(api.GET('/api/v1/analytics/weights', { params: { query: { position_id: positionId!, outcome: outcome! } } })),
    enabled: Boolean(positionId && outcome),
    retry: noClientErrors,
    staleTime: 60_000,
  });
}

/** Save a new version; with `apply`, then re-evaluate the earlier results (a background run). */
export function useSaveStandard(positionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, apply }: { body: StandardIn; apply: boolean }) => {
      const saved = await call(api.PUT('/api/v1/positions/{position_id}/standard', { params: { path: { position_id: positionId } }, body }));
      const run = apply
        ? await call(api.POST('/api/v1/positions/{position_id}/standard/apply', { params: { path: { position_id: positionId } } }))
        : null;
      return { saved, run };
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['standards', positionId] });
    },
  });
}

/** Polls a re-evaluation until it has finished; then the workbench lists are refreshed. */
export function useApplication(positionId: string, id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: standardKeys.application(positionId, id ?? ''),
    queryFn: async () => {
      const run = await call(
        api.GET('/api/v1/positions/{position_id}/standard/applications/{application_id}', {
          params: { path: { position_id: positionId, application_id: id! } },
        }),
      );
      if (run.status === 'succeeded') void client.invalidateQueries({ queryKey: resultKeys.all });
      return run;
    },
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data && !['pending', 'running'].includes(query.state.data.status) ? false : 1000),
  });
}

export function useFit(personId: string, enabled: boolean) {
  return useQuery({
    queryKey: standardKeys.fit(personId),
    queryFn: () => call(api.GET('/api/v1/people/{person_id}/fit', { params: { path: { person_id: personId } } })),
    enabled,
    retry: noClientErrors,
  });
}
