// The fairness page's URL: which position, attribute and basis, and the audit's filters.
import { dayBoundary } from '../../lib/time';
import type { AuditQuery, AuditScope } from './api';
import { ATTRIBUTES, BASES, type Attribute, type Basis } from './contract';

export interface AuditFilters {
  position_id?: string;
  attribute: Attribute;
  basis: Basis;
  threshold: number;
  batch_id?: string;
  vendor_id?: string;
  /** days (YYYY-MM-DD) in the user's zone */
  from?: string;
  to?: string;
}

export const DEFAULT_THRESHOLD = 70;

export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const attribute = params.get('attribute') as Attribute;
  const basis = params.get('basis') as Basis;
  const threshold = Number(params.get('threshold'));
  const text = (key: string) => params.get(key)?.trim() || undefined;
  return {
    position_id: text('position_id'),
    attribute: ATTRIBUTES.includes(attribute) ? attribute : 'gender',
    basis: BASES.includes(basis) ? basis : 'median',
    threshold: params.has('threshold') && Number.isFinite(threshold) && threshold >= 0 && threshold <= 100 ? threshold : DEFAULT_THRESHOLD,
    batch_id: text('batch_id'),
    vendor_id: text('vendor_id'),
    from: text('from'),
    to: text('to'),
  };
}

export function auditFiltersToParams(f: AuditFilters, tab?: string): URLSearchParams {
  const params = new URLSearchParams();
  if (tab) params.set('tab', tab);
  for (const key of ['position_id', 'batch_id', 'vendor_id', 'from', 'to'] as const) {
    const v = f[key];
    if (v) params.set(key, v);
  }
  if (f.attribute !== 'gender') params.set('attribute', f.attribute);
  if (f.basis !== 'median') params.set('basis', f.basis);
  if (f.basis === 'threshold' && f.threshold !== DEFAULT_THRESHOLD) params.set('threshold', String(f.threshold));
  return params;
}

export function auditScope(f: AuditFilters, zone?: string): AuditScope {
  const out: AuditScope = {};
  if (f.batch_id) out.batch_id = f.batch_id;
  if (f.vendor_id) out.vendor_id = f.vendor_id;
  if (f.from) out.interviewed_from = dayBoundary(f.from, false, zone);
  if (f.to) out.interviewed_to = dayBoundary(f.to, true, zone);
  return out;
}

export function auditQuery(f: AuditFilters, zone?: string): AuditQuery | null {
  if (!f.position_id) return null;
  return {
    ...auditScope(f, zone),
    position_id: f.position_id,
    attribute: f.attribute,
    basis: f.basis,
    threshold: f.basis === 'threshold' ? f.threshold : undefined,
  };
}
