import { describe, expect, it } from 'vitest';
import { auditFiltersToParams, auditQuery, parseAuditFilters } from './filters';

describe('audit filters', () => {
  it('round-trip through the URL with defaults left out', () => {
    const f = parseAuditFilters(new URLSearchParams('position_id=p1&attribute=age_band&basis=threshold&threshold=65&batch_id=b'));
    expect(f).toMatchObject({ position_id: 'p1', attribute: 'age_band', basis: 'threshold', threshold: 65, batch_id: 'b' });
    expect(auditFiltersToParams(f).toString()).toBe('position_id=p1&batch_id=b&attribute=age_band&basis=threshold&threshold=65');
    expect(auditFiltersToParams(parseAuditFilters(new URLSearchParams())).toString()).toBe('');
  });

  it('ignores unknown attributes, bases and thresholds', () => {
    const f = parseAuditFilters(new URLSearchParams('attribute=race&basis=vibes&threshold=500'));
    expect(f).toMatchObject({ attribute: 'gender', basis: 'median', threshold: 70 });
  });

  it('asks only once a position is chosen, with the threshold only for that basis', () => {
    expect(auditQuery(parseAuditFilters(new URLSearchParams('basis=median')))).toBeNull();
    const q = auditQuery(parseAuditFilters(new URLSearchParams('position_id=p&threshold=60')), 'Asia/Shanghai');
    expect(q).toEqual({ position_id: 'p', attribute: 'gender', basis: 'median', threshold: undefined });
    const day = auditQuery(parseAuditFilters(new URLSearchParams('position_id=p&from=2026-01-01')), 'Asia/Shanghai');
    expect(day?.interviewed_from).toBe('2025-12-31T16:00:00.000Z');
  });
});
