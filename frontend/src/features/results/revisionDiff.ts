// What changed between two revision snapshots of a result (GET /results/{id}/revisions).
import type { ResultRevision } from '../../api/types';

export type Snapshot = Record<string, unknown>;

/** Scalar fields compared, in the order they are shown. */
export const DIFF_FIELDS = ['total_score', 'max_score', 'normalized_total', 'interviewed_at', 'recommendation', 'comment', 'suggestions'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export interface FieldChange {
  field: DiffField;
  from: unknown;
  to: unknown;
}

export interface DimensionChange {
  code: string;
  name: string;
  kind: 'added' | 'removed' | 'changed';
  from?: number;
  to?: number;
  max?: number;
  commentChanged?: boolean;
}

export interface RevisionDiff {
  fields: FieldChange[];
  dimensions: DimensionChange[];
}

interface SnapshotDimension {
  code: string;
  name: string;
  score?: number;
  max_score?: number;
  comment?: string | null;
}

function dimensionsOf(snapshot: Snapshot): Map<string, SnapshotDimension> {
  const raw = Array.isArray(snapshot.dimensions) ? snapshot.dimensions : [];
  const out = new Map<string, SnapshotDimension>();
  for (const d of raw) {
    if (d && typeof d === 'object' && typeof (d as SnapshotDimension).code === 'string') {
      const dim = d as SnapshotDimension;
      out.set(dim.code, dim);
    }
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Changes from `older` to `newer`; `older` undefined (the first revision) means no changes. */
export function diffSnapshots(older: Snapshot | undefined, newer: Snapshot): RevisionDiff {
  if (!older) return { fields: [], dimensions: [] };
  const fields = DIFF_FIELDS.filter((f) => !same(older[f], newer[f])).map((field) => ({ field, from: older[field], to: newer[field] }));
  const before = dimensionsOf(older);
  const after = dimensionsOf(newer);
  const dimensions: DimensionChange[] = [];
  for (const [code, d] of after) {
    const prev = before.get(code);
    if (!prev) dimensions.push({ code, name: d.name, kind: 'added', to: d.score, max: d.max_score });
    else if (!same(prev.score, d.score) || !same(prev.max_score, d.max_score) || !same(prev.comment, d.comment)) {
      dimensions.push({
        code,
        name: d.name,
        kind: 'changed',
        from: prev.score,
        to: d.score,
        max: d.max_score,
        commentChanged: !same(prev.comment, d.comment),
      });
    }
  }
  for (const [code, d] of before) {
    if (!after.has(code)) dimensions.push({ code, name: d.name, kind: 'removed', from: d.score, max: d.max_score });
  }
  return { fields, dimensions };
}

/** Each revision (newest first, as the API lists them) with what changed from the one before it. */
export function revisionDiffs(revisions: readonly ResultRevision[]): { revision: ResultRevision; diff: RevisionDiff }[] {
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  return sorted.map((revision, i) => ({ revision, diff: diffSnapshots(sorted[i + 1]?.snapshot, revision.snapshot) }));
}
