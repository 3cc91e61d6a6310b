// The live notification stream: GET /notifications/stream over fetch with the bearer token
// (never a token in a URL), reconnecting with backoff until stopped.
import { backoffDelay, parseJson, SseParser, type BackoffOptions } from './sse';

export type StreamStatus = 'connecting' | 'open' | 'closed';

export interface StreamOptions<T> {
  url: string;
  /** A fetch that authenticates (authFetch): adds the token and refreshes it on 401. */
  fetch: (request: Request) => Promise<Response>;
  onEvent: (payload: T, event: string) => void;
  onStatus?: (status: StreamStatus) => void;
  /** Called after every successful (re)connect: refetch what may have been missed. */
  onOpen?: () => void;
  signal: AbortSignal;
  backoff?: BackoffOptions;
  /** Waits `ms` unless aborted (tests pass a fake). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** Runs until `signal` aborts or the server refuses the session (401/403). */
export async function runStream<T>(options: StreamOptions<T>): Promise<void> {
  const { url, signal, onEvent, onStatus, onOpen } = options;
  const sleep = options.sleep ?? abortableSleep;
  let attempt = 0;
  let serverRetry: number | undefined;
  while (!signal.aborted) {
    onStatus?.('connecting');
    try {
      const response = await options.fetch(
        new Request(url, { headers: { Accept: 'text/event-stream' }, signal, cache: 'no-store' }),
      );
      if (response.status === 401 || response.status === 403) {
        onStatus?.('closed');
        return; // the session is over (or never allowed); the app sends the user to sign in
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      attempt = 0;
      onStatus?.('open');
      onOpen?.();
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parser.feed(value)) {
          if (event.retry !== undefined) serverRetry = event.retry;
          const payload = parseJson<T>(event.data);
          if (payload !== null) onEvent(payload, event.event);
        }
      }
    } catch {
      // network drop or abort: fall through to the backoff
    }
    if (signal.aborted) break;
    onStatus?.('closed');
    const base = Math.max(serverRetry ?? 0, options.backoff?.baseMs ?? 1000);
    await sleep(backoffDelay(attempt++, { ...options.backoff, baseMs: base }, options.random), signal);
  }
  onStatus?.('closed');
}
