// Tokens in localStorage, transparent refresh on 401 with rotation, one refresh at a time
// (also across tabs via the Web Locks API where available).
import { formSerializer, publicApi } from '../../api/http';
import type { TokenRequest, TokenResponse } from '../../api/types';
import { ApiError, call } from '../problem';

const ACCESS = 'sb.access_token';
const REFRESH = 'sb.refresh_token';
const EXPIRES = 'sb.expires_at';

type Listener = (reason: 'logout' | 'expired') => void;
const listeners = new Set<Listener>();

export function onSessionEnd(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function accessToken(): string | null {
  return localStorage.getItem(ACCESS);
}

export function refreshToken(): string | null {
  return localStorage.getItem(REFRESH);
}

export function isSignedIn(): boolean {
  return Boolean(accessToken() || refreshToken());
}

export function storeTokens(t: TokenResponse): void {
  localStorage.setItem(ACCESS, t.access_token);
  localStorage.setItem(EXPIRES, String(Date.now() + t.expires_in * 1000));
  if (t.refresh_token) localStorage.setItem(REFRESH, t.refresh_token);
}

export function clearTokens(reason: 'logout' | 'expired'): void {
  const had = isSignedIn();
  localStorage.removeItem(ACCESS);
  localStorage.removeItem(REFRESH);
  localStorage.removeItem(EXPIRES);
  if (had) listeners.forEach((l) => l(reason));
}

function expiresSoon(): boolean {
  const at = Number(localStorage.getItem(EXPIRES) ?? 0);
  return at - Date.now() < 30_000;
}

async function requestToken(body: TokenRequest): Promise<TokenResponse> {
  return call(
    publicApi.POST('/api/v1/auth/token', {
      body,
      bodySerializer: formSerializer,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }),
  );
}

export async function signIn(email: string, password: string): Promise<void> {
  storeTokens(await requestToken({ grant_type: 'password', username: email, password }));
}

export async function signOut(): Promise<void> {
  const token = refreshToken();
  clearTokens('logout');
  if (token) {
    try {
      await publicApi.POST('/api/v1/auth/logout', { body: { refresh_token: token } });
    } catch {
      // The tokens are gone locally; the server revokes them when they expire anyway.
    }
  }
}

let inFlight: Promise<string | null> | null = null;

async function doRefresh(stale: string | null): Promise<string | null> {
  // Another tab (or request) may have refreshed while we waited for the lock.
  const current = accessToken();
  if (current && current !== stale && !expiresSoon()) return current;
  const token = refreshToken();
  if (!token) return null;
  try {
    const fresh = await requestToken({ grant_type: 'refresh_token', refresh_token: token });
    storeTokens(fresh);
    return fresh.access_token;
  } catch (err) {
    if (err instanceof ApiError && err.status > 0 && err.status < 500) {
      clearTokens('expired'); // revoked, reused or expired refresh token
      return null;
    }
    throw err;
  }
}

/** A new access token (null when the session is over). Concurrent callers share one refresh. */
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

function withAuth(request: Request, token: string | null): Request {
  const r = new Request(request);
  if (token) r.headers.set('Authorization', `Bearer ${token}`);
  return r;
}

/** `fetch` for the typed client: bearer token, refresh before expiry and once on 401. */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  let token = accessToken();
  if ((!token || expiresSoon()) && refreshToken()) token = await refreshAccess(token);
  const response = await fetch(withAuth(request, token));
  if (response.status !== 401 || !refreshToken()) {
    if (response.status === 401) clearTokens('expired');
    return response;
  }
  const fresh = await refreshAccess(token);
  if (!fresh) return response;
  return fetch(withAuth(retry, fresh));
}
