import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEZONE, formatDateTime, getUserTimezone, setUserTimezone } from './time';

describe('formatDateTime', () => {
  afterEach(() => setUserTimezone(undefined));

  it('shows UTC instants in Asia/Shanghai by default', () => {
    expect(getUserTimezone()).toBe(DEFAULT_TIMEZONE);
    expect(formatDateTime('2026-11-20T09:30:00Z')).toBe('2026-11-20 17:30');
  });

  it('crosses the date line into the next day', () => {
    expect(formatDateTime('2026-12-31T16:05:00Z')).toBe('2027-01-01 00:05');
  });

  it('honours offsets in the input', () => {
    expect(formatDateTime('2026-11-20T09:30:00+08:00')).toBe('2026-11-20 09:30');
  });

  it("uses the user's zone when set, and ignores unknown zones", () => {
    setUserTimezone('Europe/Berlin');
    expect(formatDateTime('2026-07-01T12:00:00Z')).toBe('2026-07-01 14:00');
    setUserTimezone('Mars/Olympus');
    expect(getUserTimezone()).toBe(DEFAULT_TIMEZONE);
  });

  it('returns an empty string for missing or invalid values', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });
});

describe('relative and day helpers', () => {
  it('says how long ago', async () => {
    const { formatRelative } = await import('./time');
    expect(formatRelative('2026-11-20T09:27:00Z', new Date('2026-11-20T09:30:00Z'))).toBe('3 minutes ago');
    expect(formatRelative(null)).toBe('');
  });

  it('turns a local day into UTC bounds', async () => {
    const { dayBoundary, formatDate } = await import('./time');
    expect(dayBoundary('2026-11-20', false, 'Asia/Shanghai')).toBe('2026-11-19T16:00:00.000Z');
    expect(dayBoundary('2026-11-20', true, 'Asia/Shanghai')).toBe('2026-11-20T15:59:59.999Z');
    expect(formatDate('2026-11-19T16:30:00Z', 'Asia/Shanghai')).toBe('2026-11-20');
  });
});

describe('relative times follow the UI language', () => {
  it('switches between Chinese and English with i18n', async () => {
    const { default: i18n } = await import('./i18n');
    const { formatRelative } = await import('./time');
    const now = new Date('2026-11-20T09:56:00Z');
    await i18n.changeLanguage('zh-CN');
    expect(formatRelative('2026-11-20T09:30:00Z', now)).toBe('26 分钟前');
    await i18n.changeLanguage('en');
    expect(formatRelative('2026-11-20T09:30:00Z', now)).toBe('26 minutes ago');
    await i18n.changeLanguage('zh-CN');
  });
});
