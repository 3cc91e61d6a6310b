import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { call } from '../../lib/problem';
import type { ProviderKind } from './sso';

export type IdentityProvider = components['schemas']['IdentityProviderOut'];
export type ConnectionTest = components['schemas']['ConnectionTestOut'];
export type LinkedIdentity = components['schemas']['IdentityOut'];

const keys = {
  provider: (kind: ProviderKind) => ['identity-providers', kind] as const,
  mine: ['me', 'identities'] as const,
};

export function useIdentityProvider(kind: ProviderKind) {
  return useQuery({
    queryKey: keys.provider(kind),
    queryFn: () => call(api.GET('/api/v1/identity-providers/{kind}', { params: { path: { kind } } })),
  });
}

export function useSaveIdentityProvider(kind: ProviderKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { enabled: boolean; config: Record<string, unknown> }) =>
      call(api.PUT('/api/v1/identity-providers/{kind}', { params: { path: { kind } }, body })),
    onSuccess: (saved) => queryClient.setQueryData(keys.provider(kind), saved),
  });
}

export function useTestIdentityProvider(kind: ProviderKind) {
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/identity-providers/{kind}/test', { params: { path: { kind } } })),
  });
}

export function useMyIdentities() {
  return useQuery({ queryKey: keys.mine, queryFn: () => call(api.GET('/api/v1/me/identities')) });
}
