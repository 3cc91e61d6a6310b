import { describe, expect, it } from 'vitest';
import { runStream, type StreamStatus } from './stream';

function sseResponse(text: string): Response {
  return new Response(new Blob([text]).stream(), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('runStream', () => {
  it('reconnects with growing delays, delivers events and resets the backoff after a success', async () => {
    const controller = new AbortController();
    const answers: (() => Response)[] = [
      () => { throw new TypeError('network'); },
      () => new Response('oops', { status: 502 }),
      () => sseResponse(': connected\n\nevent: notification\ndata: {"id":"n1","kind":"feedback.replied"}\n\n'),
      () => { controller.abort(); throw new DOMException('aborted', 'AbortError'); },
    ];
    const delays: number[] = [];
    const events: unknown[] = [];
    const statuses: StreamStatus[] = [];
    const requests: Request[] = [];
    let opened = 0;
    await runStream<{ id: string }>({
      url: 'http://127.0.0.1/api/v1/notifications/stream',
      fetch: async (r) => {
        requests.push(r);
        return answers.shift()!();
      },
      onEvent: (p, name) => events.push([name, p]),
      onStatus: (s) => statuses.push(s),
      onOpen: () => opened++,
      signal: controller.signal,
      sleep: async (ms) => void delays.push(ms),
      random: () => 1,
    });
    expect(events).toEqual([['notification', { id: 'n1', kind: 'feedback.replied' }]]);
    expect(delays).toEqual([1000, 2000, 1000]);
    expect(opened).toBe(1);
    expect(statuses).toContain('open');
    expect(statuses.at(-1)).toBe('closed');
    expect(requests[0]!.url).not.toContain('token');
    expect(requests[0]!.headers.get('Accept')).toBe('text/event-stream');
  });

  it('stops when the session is refused', async () => {
    const delays: number[] = [];
    await runStream({
      url: 'http://127.0.0.1/s',
      fetch: async () => new Response(null, { status: 401 }),
      onEvent: () => undefined,
      signal: new AbortController().signal,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(delays).toEqual([]);
  });
});
