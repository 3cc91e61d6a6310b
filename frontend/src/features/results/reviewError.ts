// A failed review in plain words: 409 names each result's current state, 404 names the missing ones.
import type { TFunction } from 'i18next';
import { ApiError, errorMessage } from '../../lib/problem';
import type { ReviewAction } from './api';

function record(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

export function reviewErrorMessage(
  err: unknown,
  action: ReviewAction,
  ids: readonly string[],
  t: TFunction,
  nameOf: (id: string) => string = (id) => id,
): string {
  if (!(err instanceof ApiError)) return errorMessage(err, t);
  const actionName = t(`results.action.${action}`);
  const statusName = (s: string) => t(`results.statusName.${s}`, { defaultValue: s });
  if (err.status === 409) {
    const current = record(err.problem.current_status);
    if (ids.length === 1) {
      const status = current[ids[0]!];
      if (status) return t('results.conflict', { status: statusName(status), action: actionName });
    }
    const entries = Object.entries(current);
    const detail = entries.length ? entries.map(([id, s]) => `${nameOf(id)}(${statusName(s)})`).join('、') : (err.problem.detail ?? '');
    return t('results.conflictMany', { detail });
  }
  if (err.status === 404 && ids.length > 1) {
    const missing = Array.isArray(err.problem.ids) ? (err.problem.ids as unknown[]).map(String) : [];
    return t('results.notFoundMany', { detail: missing.length ? missing.map(nameOf).join('、') : (err.problem.detail ?? '') });
  }
  return errorMessage(err, t);
}
