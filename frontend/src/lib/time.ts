import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

let userTimezone = DEFAULT_TIMEZONE;

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Sets the zone used to show times (from the signed-in user's profile). */
export function setUserTimezone(zone: string | null | undefined): void {
  userTimezone = zone && isValidZone(zone) ? zone : DEFAULT_TIMEZONE;
}

export function getUserTimezone(): string {
  return userTimezone;
}

/** `2026-11-20 17:30` in the user's zone, from a UTC ISO-8601 timestamp. Empty for no value. */
export function formatDateTime(value: string | null | undefined, zone: string = userTimezone): string {
  if (!value) return '';
  const parsed = dayjs.utc(value);
  if (!parsed.isValid()) return '';
  return parsed.tz(zone).format(DATE_TIME_FORMAT);
}

/** "3 分钟前" / "3 minutes ago" (in the current dayjs locale); empty for no value. */
export function formatRelative(value: string | null | undefined, now: Date = new Date()): string {
  if (!value) return '';
  const parsed = dayjs.utc(value);
  if (!parsed.isValid()) return '';
  return parsed.from(dayjs(now));
}

/** `2026-11-20` in the user's zone. */
export function formatDate(value: string | null | undefined, zone: string = userTimezone): string {
  if (!value) return '';
  const parsed = dayjs.utc(value);
  return parsed.isValid() ? parsed.tz(zone).format('YYYY-MM-DD') : '';
}

/** The UTC instant of the start (or end) of a `YYYY-MM-DD` day in the user's zone. */
export function dayBoundary(day: string, end: boolean, zone: string = userTimezone): string {
  const start = dayjs.tz(day, 'YYYY-MM-DD', zone);
  return (end ? start.endOf('day') : start.startOf('day')).utc().toISOString();
}
