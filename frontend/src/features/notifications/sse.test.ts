import { describe, expect, it } from 'vitest';
import { backoffDelay, SseParser } from './sse';

describe('SseParser', () => {
  it('parses named events with JSON data', () => {
    const p = new SseParser();
    expect(p.feed('event: notification\ndata: {"id":"1"}\nid: 7\n\n')).toEqual([
      { event: 'notification', data: '{"id":"1"}', id: '7' },
    ]);
  });

  it('joins multi-line data and defaults the event name', () => {
    const p = new SseParser();
    expect(p.feed('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('handles chunks split anywhere, CRLF and CR line ends', () => {
    const p = new SseParser();
    const text = 'event: x\r\ndata: 1\r\n\r\ndata: 2\r\rdata: 3\n\n';
    const events = [];
    for (const ch of text) events.push(...p.feed(ch));
    expect(events.map((e) => e.data)).toEqual(['1', '2', '3']);
    expect(events[0]!.event).toBe('x');
    expect(events[1]!.event).toBe('message');
  });

  it('ignores comments (keep-alives) and events without data', () => {
    const p = new SseParser();
    expect(p.feed(': ping\n\nevent: ready\n\n')).toEqual([]);
  });

  it('reads the retry field', () => {
    const p = new SseParser();
    expect(p.feed('retry: 5000\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x', retry: 5000 }]);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const fixed = () => 1;
    expect(backoffDelay(0, {}, fixed)).toBe(1000);
    expect(backoffDelay(1, {}, fixed)).toBe(2000);
    expect(backoffDelay(3, {}, fixed)).toBe(8000);
    expect(backoffDelay(10, {}, fixed)).toBe(30_000);
    expect(backoffDelay(1000, {}, fixed)).toBe(30_000);
  });

  it('keeps jitter within the share given', () => {
    expect(backoffDelay(2, { jitter: 0.5 }, () => 0)).toBe(2000);
    expect(backoffDelay(2, { jitter: 0.5 }, () => 0.999)).toBeLessThanOrEqual(4000);
    expect(backoffDelay(2, { jitter: 0 }, () => 0)).toBe(4000);
  });
});
