import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { call } from '../../lib/problem';

/** GET /me/home: the counts of "what needs me now" for my role, in my scope (null: not my concern). */
export function useHomeSummary() {
  return useQuery({
    queryKey: ['home', 'summary'] as const,
    queryFn: () => call(api.GET('/api/v1/me/home')),
    staleTime: 30_000,
  });
}
