// Workbench filters <-> URL query string <-> GET /results query. Pure, so a view can be shared.
import type { ResultStatus } from '../../api/types';
import { dayBoundary } from '../../lib/time';

export const RESULT_STATUSES: readonly ResultStatus[] = ['pending_review', 'confirmed', 'returned', 'rejected'];
export const SORT_KEYS = ['-received_at', 'received_at', '-interviewed_at', 'interviewed_at', '-total_score', 'total_score', '-weighted_total', 'weighted_total'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const DEFAULT_STATUS: ResultStatus = 'pending_review';
export const DEFAULT_SORT: SortKey = '-received_at';

export interface ResultFilters {
  department_id?: string;
  position_id?: string;
  batch_id?: string;
  /** `undefined` = every status ("all" in the URL); absent from the URL = pending_review. */
  status?: ResultStatus;
  min_total?: number;
  max_total?: number;
  /** `YYYY-MM-DD`, a day in the user's zone */
  from?: string;
  to?: string;
  q?: string;
  /** passed (or not) the position's standard */
  passed?: boolean;
  sort: SortKey;
}

export const DEFAULT_FILTERS: ResultFilters = { status: DEFAULT_STATUS, sort: DEFAULT_SORT };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID_KEYS = ['department_id', 'position_id', 'batch_id'] as const;

function score(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
}

function isStatus(value: string): value is ResultStatus {
  return (RESULT_STATUSES as readonly string[]).includes(value);
}

/** Reads filters from a query string; unknown or malformed values fall back to defaults. */
export function parseFilters(params: URLSearchParams): ResultFilters {
  const out: ResultFilters = { ...DEFAULT_FILTERS };
  for (const key of ID_KEYS) {
    const v = params.get(key);
    if (v) out[key] = v;
  }
  const status = params.get('status');
  if (status === 'all') out.status = undefined;
  else if (status && isStatus(status)) out.status = status;
  out.min_total = score(params.get('min_total'));
  out.max_total = score(params.get('max_total'));
  if (out.min_total !== undefined && out.max_total !== undefined && out.min_total > out.max_total) {
    [out.min_total, out.max_total] = [out.max_total, out.min_total];
  }
  const from = params.get('from');
  const to = params.get('to');
  if (from && DAY.test(from)) out.from = from;
  if (to && DAY.test(to)) out.to = to;
  const q = params.get('q')?.trim();
  if (q) out.q = q;
  const passed = params.get('passed');
  if (passed === 'true' || passed === 'false') out.passed = passed === 'true';
  const sort = params.get('sort');
  if (sort && (SORT_KEYS as readonly string[]).includes(sort)) out.sort = sort as SortKey;
  return omitUndefined(out);
}

/** The shortest query string for the filters (defaults are left out). */
export function filtersToParams(filters: ResultFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ID_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (filters.status === undefined) params.set('status', 'all');
  else if (filters.status !== DEFAULT_STATUS) params.set('status', filters.status);
  if (filters.min_total !== undefined && filters.min_total > 0) params.set('min_total', String(filters.min_total));
  if (filters.max_total !== undefined && filters.max_total < 100) params.set('max_total', String(filters.max_total));
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.q) params.set('q', filters.q);
  if (filters.passed !== undefined) params.set('passed', String(filters.passed));
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  return params;
}

export interface ResultQuery {
  department_id?: string;
  position_id?: string;
  batch_id?: string;
  status?: ResultStatus;
  min_total?: number;
  max_total?: number;
  interviewed_from?: string;
  interviewed_to?: string;
  q?: string;
  passed?: boolean;
  sort?: string;
}

/** The GET /results (and /results/export, /results/counts) query for the filters. */
export function filtersToQuery(filters: ResultFilters, zone?: string): ResultQuery {
  return omitUndefined({
    department_id: filters.department_id,
    position_id: filters.position_id,
    batch_id: filters.batch_id,
    status: filters.status,
    min_total: filters.min_total !== undefined && filters.min_total > 0 ? filters.min_total : undefined,
    max_total: filters.max_total !== undefined && filters.max_total < 100 ? filters.max_total : undefined,
    interviewed_from: filters.from ? dayBoundary(filters.from, false, zone) : undefined,
    interviewed_to: filters.to ? dayBoundary(filters.to, true, zone) : undefined,
    q: filters.q,
    passed: filters.passed,
    sort: filters.sort,
  });
}

/** How many filters differ from the defaults (for a "reset" hint). */
export function activeFilterCount(filters: ResultFilters): number {
  const params = filtersToParams(filters);
  params.delete('sort');
  return new Set([...params.keys()].map((k) => (k === 'min_total' || k === 'max_total' ? 'score' : k))).size;
}

function omitUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
