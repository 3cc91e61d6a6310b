import { describe, expect, it } from 'vitest';
import { dimensionSeries, toSeries } from './trends';

const p = (at: string | null, value: number) => ({ result_id: 'r', interviewed_at: at, value });

describe('profile trends', () => {
  it('sorts by interview time, rounds, and drops undated points', () => {
    expect(toSeries([p('2026-11-20T00:00:00Z', 80.04), p(null, 50), p('2026-10-01T00:00:00Z', 70.06)])).toEqual([
      [Date.parse('2026-10-01T00:00:00Z'), 70.1],
      [Date.parse('2026-11-20T00:00:00Z'), 80],
    ]);
  });

  it('keeps dimensions with data, ordered by name', () => {
    const out = dimensionSeries([
      { code: 'b', name: '沟通能力', points: [p('2026-11-20T00:00:00Z', 1)] },
      { code: 'x', name: 'empty', points: [p(null, 1)] },
      { code: 'a', name: '逻辑思维', points: [p('2026-11-20T00:00:00Z', 2)] },
    ]);
    expect(out.map((s) => s.code)).toEqual(['b', 'a']);
  });
});
