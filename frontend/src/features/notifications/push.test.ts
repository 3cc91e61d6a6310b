import { describe, expect, it } from 'vitest';
import { keyBytes, OPEN_MESSAGE, openedLink } from './push';

describe('browser push', () => {
  it('turns the base64url VAPID key into its bytes', () => {
    const bytes = keyBytes('BP8A_-4');
    expect(Array.from(bytes)).toEqual([0x04, 0xff, 0x00, 0xff, 0xee]);
  });

  it('opens only paths of this site from the service worker', () => {
    expect(openedLink({ type: OPEN_MESSAGE, link: '/my-results/1' })).toBe('/my-results/1');
    expect(openedLink({ type: OPEN_MESSAGE, link: '//evil.example/x' })).toBeNull();
    expect(openedLink({ type: OPEN_MESSAGE, link: 'https://evil.example/' })).toBeNull();
    expect(openedLink({ type: 'other', link: '/x' })).toBeNull();
    expect(openedLink(null)).toBeNull();
  });
});
