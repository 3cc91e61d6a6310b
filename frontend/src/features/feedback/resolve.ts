// The resolve dialog's "adjust scores": what changed (old → new) and the body it sends.
import type { ResultDimension } from '../../api/types';
import type { ResolveBody } from './api';

export interface ScoreChange {
  code: string;
  name: string;
  from: number;
  to: number;
  max: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Dimensions whose edited score differs from the current one. */
export function dimensionChanges(dimensions: readonly ResultDimension[], edited: Record<string, number | null | undefined>): ScoreChange[] {
  const out: ScoreChange[] = [];
  for (const d of dimensions) {
    const value = edited[d.code];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    if (round1(value) !== round1(d.score)) out.push({ code: d.code, name: d.name, from: d.score, to: round1(value), max: d.max_score });
  }
  return out;
}

/** The total changes when it was edited to another value. */
export function totalChange(current: number, max: number, edited: number | null | undefined): ScoreChange | null {
  if (edited === null || edited === undefined || !Number.isFinite(edited) || round1(edited) === round1(current)) return null;
  return { code: 'total', name: 'total', from: current, to: round1(edited), max };
}

/** The POST /feedback/{id}/resolve body; adjustments only for "adjusted", only what changed. */
export function resolveBody(
  resolution: ResolveBody['resolution'],
  note: string,
  changes: { total: ScoreChange | null; dimensions: ScoreChange[] },
): ResolveBody {
  const body: ResolveBody = { resolution, note: note.trim() };
  if (resolution !== 'adjusted') return body;
  if (changes.total) body.adjusted_total = changes.total.to;
  if (changes.dimensions.length) body.adjusted_dimensions = changes.dimensions.map((c) => ({ code: c.code, score: c.to }));
  return body;
}

/** "adjusted" needs at least one change. */
export function hasAdjustment(changes: { total: ScoreChange | null; dimensions: ScoreChange[] }): boolean {
  return Boolean(changes.total) || changes.dimensions.length > 0;
}
