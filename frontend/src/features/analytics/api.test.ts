import { describe, expect, it } from 'vitest';
import { servedAge } from './api';

describe('servedAge', () => {
  it('reads the age a stale answer was served with', () => {
    expect(servedAge({ groups: [], servedAgeSeconds: 180 })).toBe(180);
  });
  it('is undefined for a current answer and for no data', () => {
    expect(servedAge({ groups: [] })).toBeUndefined();
    expect(servedAge(undefined)).toBeUndefined();
    expect(servedAge(null)).toBeUndefined();
  });
});
