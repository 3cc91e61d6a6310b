import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { call } from '../problem';

/** Every role with its description and permissions, and the scopes integration clients may hold. */
export function useRoles() {
  return useQuery({
    queryKey: ['permissions', 'roles'],
    queryFn: () => call(api.GET('/api/v1/permissions/roles')),
    staleTime: 10 * 60_000,
  });
}
