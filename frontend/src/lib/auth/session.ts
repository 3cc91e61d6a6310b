// The sign-in of this browser. No token is ever where a script could read it later:
// * the access token lives in this module's memory only (gone on reload);
// * the refresh token is the HttpOnly, SameSite=Strict cookie `sb_refresh` the server sets at
//   sign-in (Path /api/v1/auth); the page never sees it. A new access token comes from the
//   cookie refresh, which needs the header `X-Requested-With: ScoreBridge` (CSRF);
// * localStorage keeps only the hint `sb.session` = "1" (a cookie should exist), so anonymous
//   visits skip the restore and other tabs hear of sign-ins and sign-outs.
// Refreshes rotate the cookie; one runs at a time, across tabs too (Web Locks), so two tabs never
// spend the same refresh token (which would end the sign-in).
import { formSerializer, publicApi, withLanguage } from '../../api/http';
import type { TokenRequest, TokenResponse } from '../../api/types';
import { ApiError, call } from '../problem';

export const SESSION_HINT = 'sb.session';
const CSRF = { 'X-Requested-With': 'ScoreBridge' } as const;

type Listener = (reason: 'logout' | 'expired') => void;
const listeners = new Set<Listener>();

let access: { token: string; expiresAt: number } | null = null;

export function onSessionEnd(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function accessToken(): string | null {
  return access?.token ?? null;
}

/** A sign-in cookie should exist (this tab or another signed in and nobody signed out). */
export function mayRestore(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return false;
  }
}

export function isSignedIn(): boolean {
  return access !== null;
}

function store(t: TokenResponse): void {
  // `t.refresh_token` (present after a password sign-in, for API clients) is deliberately dropped:
  // the browser holds it as the HttpOnly cookie.
  access = { token: t.access_token, expiresAt: Date.now() + t.expires_in * 1000 };
  localStorage.setItem(SESSION_HINT, '1');
}

export function clearTokens(reason: 'logout' | 'expired'): void {
  const had = access !== null || mayRestore();
  access = null;
  localStorage.removeItem(SESSION_HINT);
  if (had) listeners.forEach((l) => l(reason));
}

/** Another tab signed out: forget the access token here too. */
export function forgetHere(): void {
  if (access !== null) {
    access = null;
    listeners.forEach((l) => l('logout'));
  }
}

function expiresSoon(): boolean {
  return (access?.expiresAt ?? 0) - Date.now() < 30_000;
}

async function requestToken(body: TokenRequest, withCookie = false): Promise<TokenResponse> {
  return call(
    publicApi.POST('/api/v1/auth/token', {
      body,
      bodySerializer: formSerializer,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(withCookie ? CSRF : {}) },
      credentials: 'same-origin',
    }),
  );
}

export async function signIn(email: string, password: string): Promise<void> {
  store(await requestToken({ grant_type: 'password', username: email, password }));
}

/** Ends the sign-in on the server (cookie and access token), then here and in other tabs. */
export async function signOut(): Promise<void> {
  const token = accessToken();
  try {
    await publicApi.POST('/api/v1/auth/logout', {
      headers: { ...CSRF, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      credentials: 'same-origin',
    });
  } catch {
    // Offline: the cookie is revoked when it expires; nothing is left in this page either way.
  }
  clearTokens('logout');
}

let inFlight: Promise<string | null> | null = null;

async function doRefresh(stale: string | null): Promise<string | null> {
  // Another request (or tab) may have refreshed while we waited for the lock.
  const current = accessToken();
  if (current && current !== stale && !expiresSoon()) return current;
  if (!current && !mayRestore()) return null;
  try {
    const fresh = await requestToken({ grant_type: 'refresh_token' }, true);
    store(fresh);
    return fresh.access_token;
  } catch (err) {
    if (err instanceof ApiError && err.status > 0 && err.status < 500) {
      clearTokens('expired'); // revoked, reused or expired sign-in (or no cookie at all)
      return null;
    }
    throw err;
  }
}

/** A new access token from the cookie (null when there is no sign-in). Callers share one. */
export function refreshAccess(stale: string | null): Promise<string | null> {
  if (!inFlight) {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const run = (): Promise<string | null> => doRefresh(stale);
    const pending = (locks ? locks.request('sb.refresh', run) : run()) as Promise<string | null>;
    inFlight = pending.finally(() => {
      inFlight = null;
    });
  }
  return inFlight as Promise<string | null>;
}

/** On page load: the sign-in back from the cookie, if there is one. */
export async function restore(): Promise<boolean> {
  if (!mayRestore()) return false;
  try {
    return (await refreshAccess(null)) !== null;
  } catch {
    return false; // server unreachable: the login page says so on the next try
  }
}

function withAuth(request: Request, token: string | null): Request {
  const r = withLanguage(request);
  if (token) r.headers.set('Authorization', `Bearer ${token}`);
  return r;
}

/** `fetch` for the typed client: bearer token, refresh before expiry and once on 401. */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  let token = accessToken();
  if (!token || expiresSoon()) token = await refreshAccess(token);
  const response = await fetch(withAuth(request, token));
  if (response.status !== 401) return response;
  if (!token) {
    clearTokens('expired');
    return response;
  }
  const fresh = await refreshAccess(token);
  if (!fresh) return response;
  return fetch(withAuth(retry, fresh));
}
