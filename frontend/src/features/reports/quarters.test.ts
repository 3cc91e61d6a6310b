import { describe, expect, it } from 'vitest';
import { previousQuarter, recentQuarters } from './quarters';

describe('quarters', () => {
  it('counts back across years', () => {
    expect(recentQuarters(new Date(2026, 1, 10), 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(previousQuarter(new Date(2026, 10, 29))).toBe('2026-Q3');
  });
});
