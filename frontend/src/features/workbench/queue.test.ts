import { describe, expect, it } from 'vitest';
import { neighbour, nextPending } from './queue';

const items = [
  { id: 'a', status: 'pending_review' },
  { id: 'b', status: 'confirmed' },
  { id: 'c', status: 'pending_review' },
  { id: 'd', status: 'pending_review' },
];

describe('review queue', () => {
  it('moves to the next pending result after the current one, skipping reviewed ones', () => {
    expect(nextPending(items, 'a', new Set())?.id).toBe('c');
    expect(nextPending(items, 'c', new Set(['a', 'c']))?.id).toBe('d');
  });

  it('wraps round to pending results above the current one', () => {
    expect(nextPending(items, 'd', new Set(['d']))?.id).toBe('a');
  });

  it('says the queue is done when nothing else waits', () => {
    expect(nextPending(items, 'd', new Set(['a', 'c', 'd']))).toBeUndefined();
    expect(nextPending([{ id: 'a', status: 'pending_review' }], 'a', new Set())).toBeUndefined();
  });

  it('starts from the top when the current result has left the list', () => {
    expect(nextPending(items, 'gone', new Set())?.id).toBe('a');
  });

  it('steps to the previous and next result, stopping at the ends', () => {
    expect(neighbour(items, undefined, 1)?.id).toBe('a');
    expect(neighbour(items, 'a', 1)?.id).toBe('b');
    expect(neighbour(items, 'b', -1)?.id).toBe('a');
    expect(neighbour(items, 'a', -1)).toBeUndefined();
    expect(neighbour(items, 'd', 1)).toBeUndefined();
  });
});
