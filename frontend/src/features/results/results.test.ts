import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import type { ResultRevision } from '../../api/types';
import en from '../../lib/i18n/en';
import zhCN from '../../lib/i18n/zh-CN';
import { flagLabel, humanizeFlag, KNOWN_FLAGS } from './flags';
import { diffSnapshots, revisionDiffs } from './revisionDiff';

const dim = (code: string, score: number, comment: string | null = null) => ({ code, name: code.toUpperCase(), score, max_score: 100, comment });

describe('revision diff', () => {
  it('reports total and dimension changes, additions and removals', () => {
    const older = { total_score: 80, max_score: 100, comment: 'a', dimensions: [dim('com', 70), dim('logic', 90)] };
    const newer = { total_score: 85, max_score: 100, comment: 'a', dimensions: [dim('com', 75, 'better'), dim('risk', 60)] };
    const diff = diffSnapshots(older, newer);
    expect(diff.fields).toEqual([{ field: 'total_score', from: 80, to: 85 }]);
    expect(diff.dimensions).toEqual([
      { code: 'com', name: 'COM', kind: 'changed', from: 70, to: 75, max: 100, commentChanged: true },
      { code: 'risk', name: 'RISK', kind: 'added', to: 60, max: 100 },
      { code: 'logic', name: 'LOGIC', kind: 'removed', from: 90, max: 100 },
    ]);
  });

  it('has nothing to compare for the first revision and for identical snapshots', () => {
    expect(diffSnapshots(undefined, { total_score: 1 })).toEqual({ fields: [], dimensions: [] });
    const s = { total_score: 1, suggestions: ['x'], dimensions: [dim('a', 1)] };
    expect(diffSnapshots(s, structuredClone(s))).toEqual({ fields: [], dimensions: [] });
  });

  it('pairs each revision with the one before it, newest first', () => {
    const rev = (revision: number, total: number): ResultRevision => ({
      id: String(revision), revision, source: 'webhook', delivery_id: null, created_at: '2026-11-20T00:00:00Z', snapshot: { total_score: total },
    });
    const out = revisionDiffs([rev(1, 70), rev(3, 90), rev(2, 80)]);
    expect(out.map((r) => r.revision.revision)).toEqual([3, 2, 1]);
    expect(out[0]!.diff.fields).toEqual([{ field: 'total_score', from: 80, to: 90 }]);
    expect(out[2]!.diff.fields).toEqual([]);
  });
});

describe('flag labels', () => {
  it('has a label and an explanation for every known flag in both languages', () => {
    for (const res of [zhCN, en]) {
      for (const f of KNOWN_FLAGS) {
        expect(res.results.flag[f], f).toBeTruthy();
        expect(res.results.flagHelp[f], f).toBeTruthy();
      }
    }
  });

  it('shows unknown flags as words', async () => {
    expect(humanizeFlag('new_vendor_flag')).toBe('New vendor flag');
    await i18n.init({ lng: 'en', resources: { en: { translation: en } } });
    expect(flagLabel('score_out_of_range', i18n.t)).toBe(en.results.flag.score_out_of_range);
    expect(flagLabel('mystery_flag', i18n.t)).toBe('Mystery flag');
  });
});
