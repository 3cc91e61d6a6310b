// The feedback SLA in words: how long HR has left to answer, or how long the answer is overdue.

export interface TimeLeft {
  overdue: boolean;
  /** Whole minutes left (or overdue, when `overdue`), never negative. */
  minutes: number;
}

export function timeLeft(dueAt: string, now: Date = new Date()): TimeLeft {
  const ms = Date.parse(dueAt) - now.getTime();
  if (!Number.isFinite(ms)) return { overdue: false, minutes: 0 };
  const overdue = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return { overdue, minutes };
}

/** An i18n key under `selfservice.sla` and its values: "剩余 18 小时" / "已超时 2 小时 5 分钟". */
export function countdown(dueAt: string, now: Date = new Date()): { key: string; values: Record<string, number> } {
  const { overdue, minutes } = timeLeft(dueAt, now);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const prefix = overdue ? 'overdue' : 'left';
  if (!overdue && minutes < 1) return { key: 'selfservice.sla.dueNow', values: {} };
  if (hours >= 24) return { key: `selfservice.sla.${prefix}Days`, values: { days: Math.floor(hours / 24), hours: hours % 24 } };
  if (hours >= 1) return { key: `selfservice.sla.${prefix}Hours`, values: { hours, minutes: rest } };
  return { key: `selfservice.sla.${prefix}Minutes`, values: { minutes: Math.max(rest, 1) } };
}

/** Promised reply time in whole hours (24 by contract), from when the question was asked. */
export function promisedHours(createdAt: string, dueAt: string): number {
  const hours = Math.round((Date.parse(dueAt) - Date.parse(createdAt)) / 3_600_000);
  return Number.isFinite(hours) && hours > 0 ? hours : 24;
}

/** Hours shown in the employee's sentence: rounded up, so "剩余 18 小时" while 17 h 10 min remain. */
export function hoursLeftRoundedUp(dueAt: string, now: Date = new Date()): number {
  const { overdue, minutes } = timeLeft(dueAt, now);
  return overdue ? 0 : Math.ceil(minutes / 60);
}

/** The median reply time in words: "25 分钟" under an hour (never "0.0 小时"), else "3.5 小时". */
export function medianReply(hours: number): { key: string; values: Record<string, string | number> } {
  if (hours < 1) return { key: 'selfservice.inbox.metrics.medianMinutes', values: { minutes: Math.max(1, Math.round(hours * 60)) } };
  return { key: 'selfservice.inbox.metrics.medianValue', values: { hours: hours.toFixed(1) } };
}
