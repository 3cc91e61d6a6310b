import { describe, expect, it } from 'vitest';
import type { Standard } from '../../api/types';
import { bestCourses } from '../analytics/courses';
import { draftFrom, hasWeight, toPayload, versionChanges } from './draft';

const dims = [
  { code: 'communication', name: '沟通能力' },
  { code: 'logic', name: '逻辑思维' },
];

function standard(over: Partial<Standard>): Standard {
  return {
    id: 's', position_id: 'p', version: 1, weights: { communication: 3 }, pass_line: 70, minimums: {},
    note: null, created_at: '2026-11-20T00:00:00Z', created_by: null, created_by_name: null, ...over,
  };
}

describe('draft', () => {
  it('starts from equal weights without a standard', () => {
    const draft = draftFrom({ standard: null, dimensions: dims });
    expect(draft.weights).toEqual({ communication: 1, logic: 1 });
    expect(draft.minimums).toEqual({ communication: null, logic: null });
  });

  it('starts from the saved version, 0 for dimensions it does not weigh', () => {
    const draft = draftFrom({ standard: standard({ minimums: { communication: 60 } }), dimensions: dims });
    expect(draft.weights).toEqual({ communication: 3, logic: 0 });
    expect(draft.minimums.communication).toBe(60);
    expect(draft.pass_line).toBe(70);
  });

  it('sends only weights above 0 and set minimums', () => {
    const body = toPayload({ weights: { communication: 2, logic: 0 }, pass_line: 65, minimums: { communication: null, logic: 50 }, note: ' 更严 ' });
    expect(body).toEqual({ weights: { communication: 2 }, pass_line: 65, minimums: { logic: 50 }, note: '更严' });
    expect(hasWeight({ weights: { a: 0 }, pass_line: 1, minimums: {}, note: '' })).toBe(false);
  });

  it('lists what a version changed', () => {
    const v1 = standard({});
    const v2 = standard({ version: 2, pass_line: 75, weights: { communication: 3, logic: 1 }, minimums: { logic: 50 } });
    expect(versionChanges(v1, v2)).toEqual([
      { field: 'pass_line', from: 70, to: 75 },
      { field: 'weight', code: 'logic', from: null, to: 1 },
      { field: 'minimum', code: 'logic', from: null, to: 50 },
    ]);
    expect(versionChanges(null, v1)[0]).toEqual({ field: 'pass_line', from: null, to: 70 });
  });
});

describe('course evidence', () => {
  it('needs enough completers and a confidence interval above 0', () => {
    const course = (name: string, lo: number, enough = true) => ({ course: name, n: 20, mean_change: lo + 2, ci95: [lo, lo + 4], enough_data: enough });
    const best = bestCourses([{ code: 'c', courses: [course('noise', -1), course('few', 3, false), course('works', 1)] }]);
    expect(best.get('c')?.course).toBe('works');
  });
});
