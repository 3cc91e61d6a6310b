// The analytics filters: the workbench's organisation and date filters (same URL keys, so a view
// can move between the two pages), plus what the cards compare.
import { dayBoundary } from '../../lib/time';
import { parseFilters, type ResultFilters } from '../workbench/filters';
import type { GroupBy } from './contract';

export const GROUP_BYS: readonly GroupBy[] = ['position', 'department', 'batch'];

export interface AnalyticsFilters extends Pick<ResultFilters, 'department_id' | 'position_id' | 'batch_id' | 'from' | 'to'> {
  /** `total` or a dimension code */
  dimension: string;
  group_by: GroupBy;
  /** a performance metric (the outcome of correlation, threshold) */
  outcome?: string;
}

export interface AnalyticsScope {
  department_id?: string;
  position_id?: string;
  batch_id?: string;
  interviewed_from?: string;
  interviewed_to?: string;
}

export function parseAnalyticsFilters(params: URLSearchParams): AnalyticsFilters {
  const base = parseFilters(params);
  const groupBy = params.get('group_by');
  const out: AnalyticsFilters = {
    department_id: base.department_id,
    position_id: base.position_id,
    batch_id: base.batch_id,
    from: base.from,
    to: base.to,
    dimension: params.get('dimension')?.trim() || 'total',
    group_by: GROUP_BYS.includes(groupBy as GroupBy) ? (groupBy as GroupBy) : 'position',
    outcome: params.get('outcome')?.trim() || undefined,
  };
  return out;
}

export function analyticsFiltersToParams(f: AnalyticsFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['department_id', 'position_id', 'batch_id', 'from', 'to'] as const) {
    const v = f[key];
    if (v) params.set(key, v);
  }
  if (f.dimension !== 'total') params.set('dimension', f.dimension);
  if (f.group_by !== 'position') params.set('group_by', f.group_by);
  if (f.outcome) params.set('outcome', f.outcome);
  return params;
}

/** The filters every analytics endpoint takes (days are in the user's zone). */
export function scopeQuery(f: AnalyticsFilters, zone?: string): AnalyticsScope {
  const out: AnalyticsScope = {};
  if (f.department_id) out.department_id = f.department_id;
  if (f.position_id) out.position_id = f.position_id;
  if (f.batch_id) out.batch_id = f.batch_id;
  if (f.from) out.interviewed_from = dayBoundary(f.from, false, zone);
  if (f.to) out.interviewed_to = dayBoundary(f.to, true, zone);
  return out;
}
