import { describe, expect, it } from 'vitest';
import { activeFilterCount, DEFAULT_FILTERS, filtersToParams, filtersToQuery, parseFilters, type ResultFilters } from './filters';

const parse = (qs: string) => parseFilters(new URLSearchParams(qs));

describe('workbench filters', () => {
  it('defaults to pending review, newest first, with an empty query string', () => {
    expect(parse('')).toEqual(DEFAULT_FILTERS);
    expect(filtersToParams(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('round-trips every filter through the URL', () => {
    const filters: ResultFilters = {
      department_id: 'd1',
      position_id: 'p1',
      batch_id: 'b1',
      status: 'confirmed',
      min_total: 60,
      max_total: 90,
      from: '2026-11-01',
      to: '2026-11-20',
      q: '张三',
      sort: '-total_score',
    };
    expect(parse(filtersToParams(filters).toString())).toEqual(filters);
  });

  it('keeps "all statuses" distinct from the default', () => {
    const all = { ...DEFAULT_FILTERS, status: undefined };
    expect(filtersToParams(all).get('status')).toBe('all');
    expect(parse('status=all').status).toBeUndefined();
  });

  it('ignores malformed values and swaps a reversed score range', () => {
    expect(parse('status=bogus&sort=name&from=yesterday&min_total=abc')).toEqual(DEFAULT_FILTERS);
    expect(parse('min_total=80&max_total=20')).toMatchObject({ min_total: 20, max_total: 80 });
    expect(parse('max_total=150').max_total).toBeUndefined();
  });

  it('builds the API query with day bounds in the user zone and drops full-range scores', () => {
    const q = filtersToQuery({ ...DEFAULT_FILTERS, from: '2026-11-20', to: '2026-11-20', min_total: 0, max_total: 100 }, 'Asia/Shanghai');
    expect(q).toEqual({
      status: 'pending_review',
      sort: '-received_at',
      interviewed_from: '2026-11-19T16:00:00.000Z',
      interviewed_to: '2026-11-20T15:59:59.999Z',
    });
  });

  it('counts active filters, the score range once', () => {
    expect(activeFilterCount(DEFAULT_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, min_total: 10, max_total: 50, q: 'x', sort: 'total_score' })).toBe(2);
  });
});
