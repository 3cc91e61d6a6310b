// Server-sent events over fetch (so the access token travels in the Authorization header, never
// in a URL): an incremental parser of the text/event-stream format and the reconnect backoff.

export interface SseEvent {
  /** `message` when the server named none. */
  event: string;
  data: string;
  id?: string;
  /** Reconnection time the server asked for (ms). */
  retry?: number;
}

/** Feeds chunks of a text/event-stream body; returns the events each chunk completed. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private retry: number | undefined;

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    // Lines end with CRLF, LF or CR; keep an unfinished last line (and a lone trailing CR) for later.
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      if (ch === '\r' && i === this.buffer.length - 1) break; // maybe CRLF split across chunks
      const line = this.buffer.slice(start, i);
      if (ch === '\r' && this.buffer[i + 1] === '\n') i++;
      start = i + 1;
      const event = this.line(line);
      if (event) out.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return null;
  }

  private dispatch(): SseEvent | null {
    const event: SseEvent | null = this.data.length
      ? { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}), ...(this.retry !== undefined ? { retry: this.retry } : {}) }
      : null;
    this.data = [];
    this.event = '';
    return event;
  }
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** 0..1; the share of the delay that is random (spreads reconnects of many clients). */
  jitter?: number;
}

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with some jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs = 1000, maxMs = 30_000, jitter = 0.3 } = options;
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(exp * (1 - jitter) + exp * jitter * random());
}

/** Parses an event's JSON data; null when it is not JSON. */
export function parseJson<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}
