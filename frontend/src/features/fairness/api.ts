import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { authFetch } from '../../lib/auth/session';
import { ApiError, call } from '../../lib/problem';
import { saveBlob } from '../analytics/csv';
import { fileNameFrom } from '../workbench/exportResults';
import type { Attribute, Basis } from './contract';

export interface AuditScope {
  batch_id?: string;
  vendor_id?: string;
  interviewed_from?: string;
  interviewed_to?: string;
}

export interface AuditQuery extends AuditScope {
  position_id: string;
  attribute: Attribute;
  basis: Basis;
  threshold?: number;
}

const retry = (count: number, err: unknown) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2;

function clean<T extends object>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function useAdverseImpact(query: AuditQuery | null) {
  return useQuery({
    queryKey: ['fairness', 'adverse-impact', query],
    queryFn: () => call(api.GET('/api/v1/analytics/adverse-impact', { params: { query: clean(query!) } })),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    retry,
  });
}

export function useImpactOverview(scope: AuditScope, attribute: Attribute, basis: 'median' | 'threshold', threshold?: number) {
  const query = clean({ ...scope, attribute, basis, threshold: basis === 'threshold' ? threshold : undefined });
  return useQuery({
    queryKey: ['fairness', 'overview', query],
    queryFn: () => call(api.GET('/api/v1/analytics/adverse-impact/positions', { params: { query } })),
    placeholderData: keepPreviousData,
    retry,
  });
}

export function useVendorQuality(outcome: string | undefined, vendorId?: string) {
  const query = clean({ outcome, vendor_id: vendorId });
  return useQuery({
    queryKey: ['fairness', 'vendor-quality', query],
    queryFn: () => call(api.GET('/api/v1/analytics/vendor-quality', { params: { query } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry,
  });
}

export function reportUrl(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(clean(query))) params.set(k, String(v));
  return `/api/v1/analytics/adverse-impact/report?${params.toString()}`;
}

/** Downloads the XLSX audit report with the bearer token. */
export async function downloadReport(query: AuditQuery): Promise<void> {
  let response: Response;
  try {
    response = await authFetch(new Request(reportUrl(query)));
  } catch (err) {
    throw new ApiError(0, { title: 'Network error', detail: String(err) });
  }
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as object);
  saveBlob(await response.blob(), fileNameFrom(response.headers.get('Content-Disposition'), 'fairness-report.xlsx'));
}
