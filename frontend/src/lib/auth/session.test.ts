import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The session module against a fake server (fetch) and a fake localStorage: what the browser
// keeps, and what it sends.
const store = new Map<string, string>();
const fakeStorage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
  clear: () => store.clear(),
  key: (i: number) => [...store.keys()][i] ?? null,
  get length() {
    return store.size;
  },
};

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}
let sent: Sent[] = [];

function tokenAnswer(access: string, refresh?: string): Response {
  const body = { access_token: access, token_type: 'bearer', expires_in: 900, ...(refresh ? { refresh_token: refresh } : {}) };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

beforeEach(() => {
  store.clear();
  sent = [];
  vi.resetModules();
  vi.stubGlobal('localStorage', fakeStorage);
  // Node has no page to resolve the client's same-origin paths against.
  const NodeRequest = globalThis.Request;
  vi.stubGlobal(
    'Request',
    class extends NodeRequest {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(typeof input === 'string' && input.startsWith('/') ? `http://sb.test${input}` : input, init);
      }
    },
  );
  vi.stubGlobal('fetch', async (input: Request) => {
    const body = await input.clone().text();
    sent.push({ url: new URL(input.url).pathname, method: input.method, headers: input.headers, body });
    if (input.url.endsWith('/auth/logout')) return new Response(null, { status: 204 });
    const form = new URLSearchParams(body);
    if (form.get('grant_type') === 'password') return tokenAnswer('access-1', 'refresh-secret-1');
    return tokenAnswer(`access-${sent.length}`);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function session() {
  return import('./session');
}

describe('session', () => {
  it('keeps the access token in memory and no token in storage', async () => {
    const s = await session();
    await s.signIn('hr@corp.example', 'Correct-Horse-2026');
    expect(s.accessToken()).toBe('access-1');
    expect([...store.entries()]).toEqual([[s.SESSION_HINT, '1']]);
    for (const value of store.values()) {
      expect(value).not.toContain('access-1');
      expect(value).not.toContain('refresh-secret-1');
    }
  });

  it('refreshes from the cookie with the CSRF header and no token in the body', async () => {
    const s = await session();
    store.set(s.SESSION_HINT, '1'); // a reload: memory is empty, the cookie is there
    expect(s.accessToken()).toBeNull();
    expect(await s.restore()).toBe(true);
    const refresh = sent[0]!;
    expect(refresh.url).toBe('/api/v1/auth/token');
    expect(refresh.headers.get('X-Requested-With')).toBe('ScoreBridge');
    const form = new URLSearchParams(refresh.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.has('refresh_token')).toBe(false);
    expect(s.accessToken()).toBe('access-1');
  });

  it('does not try to restore without the hint', async () => {
    const s = await session();
    expect(await s.restore()).toBe(false);
    expect(sent).toEqual([]);
  });

  it('signs out on the server with the header and the access token, then forgets', async () => {
    const s = await session();
    await s.signIn('hr@corp.example', 'Correct-Horse-2026');
    const ended = vi.fn();
    s.onSessionEnd(ended);
    await s.signOut();
    const logout = sent.at(-1)!;
    expect(logout.url).toBe('/api/v1/auth/logout');
    expect(logout.method).toBe('POST');
    expect(logout.headers.get('X-Requested-With')).toBe('ScoreBridge');
    expect(logout.headers.get('Authorization')).toBe('Bearer access-1');
    expect(s.accessToken()).toBeNull();
    expect(store.size).toBe(0);
    expect(ended).toHaveBeenCalledWith('logout');
  });
});
