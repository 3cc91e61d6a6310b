import type { TFunction } from 'i18next';
import type { Problem } from '../api/types';

/** An API call that answered with a problem document (or never reached the server: status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Partial<Problem>;
  readonly retryAfter?: number;

  constructor(status: number, problem: Partial<Problem>, retryAfter?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns `data` of an openapi-fetch result, or throws an {@link ApiError}. */
export function unwrap<T>(result: FetchResult<T>): T {
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const problem = (error && typeof error === 'object' ? error : {}) as Partial<Problem>;
  const header = Number(response.headers.get('Retry-After'));
  const body = problem.retry_after;
  const retryAfter = typeof body === 'number' ? body : Number.isFinite(header) && header > 0 ? header : undefined;
  throw new ApiError(response.status, problem, retryAfter);
}

/** Runs an API call, turning a network failure into ApiError(status 0). */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, { title: 'Network error', detail: String(err) });
  }
  return unwrap(result);
}

/** Field name (last `loc` element) → messages, from a 422 problem. */
export function fieldErrors(err: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(err instanceof ApiError) || !Array.isArray(err.problem.errors)) return out;
  for (const e of err.problem.errors) {
    const loc: unknown[] = Array.isArray(e.loc) ? e.loc : [];
    const field = String(loc[loc.length - 1] ?? '');
    if (field) (out[field] ??= []).push(e.msg);
  }
  return out;
}

/** A plain-language sentence for any error, for people who never saw JSON. */
export function errorMessage(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError)) return t('error.unknown');
  switch (err.status) {
    case 0:
      return t('error.network');
    case 401:
      return t('error.unauthenticated');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 409:
      return t('error.conflict');
    case 422: {
      const fields = Object.entries(fieldErrors(err));
      if (fields.length) return fields.map(([f, msgs]) => `${f}: ${msgs.join('; ')}`).join('\n');
      return t('error.invalid');
    }
    case 429:
      return t('error.tooMany');
    default:
      return err.status >= 500 ? t('error.server') : (err.problem.detail ?? t('error.unknown'));
  }
}
