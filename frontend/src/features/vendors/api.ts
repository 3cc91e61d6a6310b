import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { DeliveryStatus } from '../../api/types';
import { call } from '../../lib/problem';

export const vendorKeys = {
  all: ['vendors'] as const,
  list: () => ['vendors', 'list'] as const,
  one: (slug: string) => ['vendors', 'one', slug] as const,
  deliveries: (slug: string, status?: DeliveryStatus) => ['vendors', 'deliveries', slug, status ?? 'all'] as const,
  health: (slug: string) => ['vendors', 'health', slug] as const,
};

export function fetchDeliveries(slug: string, status: DeliveryStatus | undefined, cursor: string | undefined, limit = 50) {
  return call(api.GET('/api/v1/vendors/{slug}/deliveries', { params: { path: { slug }, query: { status, cursor, limit } } }));
}

export function useVendor(slug: string) {
  return useQuery({
    queryKey: vendorKeys.one(slug),
    queryFn: () => call(api.GET('/api/v1/vendors/{slug}', { params: { path: { slug } } })),
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Last delivery and failures in the last 24 h, from the deliveries log (the vendor list has no counters). */
export function useVendorHealth(slug: string) {
  return useQuery({
    queryKey: vendorKeys.health(slug),
    queryFn: async () => {
      const [latest, failed] = await Promise.all([fetchDeliveries(slug, undefined, undefined, 1), fetchDeliveries(slug, 'failed', undefined, 200)]);
      const since = Date.now() - DAY_MS;
      const failures = failed.items.filter((d) => Date.parse(d.received_at) >= since).length;
      return { last: latest.items[0] ?? null, failures24h: failures };
    },
    staleTime: 30_000,
  });
}
