import { describe, expect, it } from 'vitest';
import { buildMenu, menuKeyForPath } from './menu';

describe('buildMenu', () => {
  it('keeps only known keys, in product order, once each', () => {
    const menu = buildMenu(['audit', 'home', 'unknown-thing', 'users', 'home', '__proto__']);
    expect(menu.map((m) => m.key)).toEqual(['home', 'users', 'audit']);
  });

  it('maps keys to routes and label keys', () => {
    expect(buildMenu(['home', 'integration-clients'])).toEqual([
      { key: 'home', path: '/', label: 'menu.home' },
      { key: 'integration-clients', path: '/integration-clients', label: 'menu.integration-clients' },
    ]);
  });

  it('gives an employee only their own entries', () => {
    expect(buildMenu(['home', 'my-results']).map((m) => m.path)).toEqual(['/', '/my-results']);
  });

  it('is empty without permissions', () => {
    expect(buildMenu(undefined)).toEqual([]);
    expect(buildMenu([])).toEqual([]);
  });
});

describe('menuKeyForPath', () => {
  it('finds the menu entry of a page', () => {
    expect(menuKeyForPath('/')).toBe('home');
    expect(menuKeyForPath('/people')).toBe('people');
    expect(menuKeyForPath('/users/123')).toBe('users');
    expect(menuKeyForPath('/nowhere')).toBeNull();
  });
});
