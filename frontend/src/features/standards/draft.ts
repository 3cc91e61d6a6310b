// A standard being edited, as plain data: made from the saved version, sent as a payload,
// compared between versions. Pure, so it is unit-tested.
import { useEffect, useState } from 'react';
import type { Standard, StandardIn, StandardView } from '../../api/types';

export interface Draft {
  weights: Record<string, number>;
  pass_line: number;
  /** null: no minimum for that dimension */
  minimums: Record<string, number | null>;
  note: string;
}

export const DEFAULT_PASS_LINE = 60;

/** The current version of the standard over every known dimension (0 where it names none);
 * without a standard, equal weights. */
export function draftFrom(view: Pick<StandardView, 'standard' | 'dimensions'>): Draft {
  const saved = view.standard;
  const codes = [...new Set([...view.dimensions.map((d) => d.code), ...Object.keys(saved?.weights ?? {})])];
  const weights: Record<string, number> = {};
  const minimums: Record<string, number | null> = {};
  for (const code of codes) {
    weights[code] = saved ? (saved.weights[code] ?? 0) : 1;
    minimums[code] = saved?.minimums[code] ?? null;
  }
  return { weights, pass_line: saved?.pass_line ?? DEFAULT_PASS_LINE, minimums, note: '' };
}

/** The body of PUT …/standard and of a what-if draft: zero weights and unset minimums left out. */
export function toPayload(draft: Draft): StandardIn {
  const weights = Object.fromEntries(Object.entries(draft.weights).filter(([, w]) => w > 0));
  const minimums = Object.fromEntries(
    Object.entries(draft.minimums).filter((entry): entry is [string, number] => entry[1] !== null),
  );
  const body: StandardIn = { weights, pass_line: draft.pass_line, minimums };
  if (draft.note.trim()) body.note = draft.note.trim();
  return body;
}

export function hasWeight(draft: Draft): boolean {
  return Object.values(draft.weights).some((w) => w > 0);
}

export interface Change {
  field: 'pass_line' | 'weight' | 'minimum';
  code?: string;
  from: number | null;
  to: number | null;
}

/** What `next` changed from `previous` (null: the first version). */
export function versionChanges(previous: Standard | null, next: Standard): Change[] {
  const out: Change[] = [];
  if (!previous || previous.pass_line !== next.pass_line) {
    out.push({ field: 'pass_line', from: previous?.pass_line ?? null, to: next.pass_line });
  }
  for (const [field, key] of [
    ['weight', 'weights'],
    ['minimum', 'minimums'],
  ] as const) {
    const before = previous?.[key] ?? {};
    const after = next[key];
    for (const code of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const from = before[code] ?? null;
      const to = after[code] ?? null;
      if (from !== to) out.push({ field, code, from, to });
    }
  }
  return out;
}

/** `value`, once it has stopped changing for `ms` (the what-if follows the sliders). */
export function useDebounced<T>(value: T, ms = 350): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
