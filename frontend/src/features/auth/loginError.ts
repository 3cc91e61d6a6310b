import type { TFunction } from 'i18next';
import { ApiError, errorMessage } from '../../lib/problem';

/** What a failed sign-in tells the person: attempts left, or how long the next try must wait. */
export function loginErrorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 401) {
      const left = err.problem.attempts_left;
      if (typeof left !== 'number') return t('login.badCredentials');
      return left > 0 ? t('login.badPassword', { count: left }) : t('login.lockedNow');
    }
    if (err.status === 429) {
      const seconds = Math.max(1, err.retryAfter ?? 60);
      if (seconds < 120) return t('login.lockedSeconds', { seconds });
      return t('login.locked', { minutes: Math.ceil(seconds / 60) });
    }
    if (err.status === 400 || err.status === 422) return t('login.badCredentials');
  }
  return errorMessage(err, t);
}

/** Only same-site paths are followed after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
