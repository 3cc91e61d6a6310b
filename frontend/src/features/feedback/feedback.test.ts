import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../lib/i18n';
import { dimensionChanges, hasAdjustment, resolveBody, totalChange } from './resolve';
import { countdown, hoursLeftRoundedUp, medianReply, promisedHours, timeLeft } from './sla';

const now = new Date('2026-11-20T08:00:00Z');

describe('SLA countdown', () => {
  beforeAll(() => i18n.changeLanguage('zh-CN'));
  afterAll(() => i18n.changeLanguage('zh-CN'));
  const text = (due: string) => {
    const c = countdown(due, now);
    return i18n.t(c.key, c.values);
  };

  it('counts down in hours and minutes, then minutes', () => {
    expect(text('2026-11-21T02:10:00Z')).toBe('剩余 18 小时 10 分');
    expect(text('2026-11-20T08:45:30Z')).toBe('剩余 45 分钟');
    expect(text('2026-11-20T08:00:20Z')).toBe('即将到期');
    expect(text('2026-11-22T10:00:00Z')).toBe('剩余 2 天 2 小时');
  });

  it('says how long it is overdue', () => {
    expect(text('2026-11-20T05:55:00Z')).toBe('已超时 2 小时 5 分');
    expect(text('2026-11-20T07:59:00Z')).toBe('已超时 1 分钟');
    expect(timeLeft('2026-11-20T05:00:00Z', now)).toEqual({ overdue: true, minutes: 180 });
  });

  it('reads in English too', async () => {
    await i18n.changeLanguage('en');
    expect(text('2026-11-21T02:10:00Z')).toBe('18 h 10 min left');
    expect(text('2026-11-20T05:55:00Z')).toBe('Overdue by 2 h 5 min');
    await i18n.changeLanguage('zh-CN');
  });

  it('builds the employee sentence "人事将在 24 小时内回复,剩余 18 小时"', () => {
    const created = '2026-11-20T02:00:00Z';
    const due = '2026-11-21T02:00:00Z';
    expect(promisedHours(created, due)).toBe(24);
    expect(hoursLeftRoundedUp(due, now)).toBe(18);
    expect(i18n.t('selfservice.feedback.promise', { hours: 24, left: 18 })).toBe('人事将在 24 小时内回复,剩余 18 小时');
    expect(hoursLeftRoundedUp('2026-11-20T07:00:00Z', now)).toBe(0);
  });
});

describe('resolve adjustments', () => {
  const dims = [
    { code: 'communication', name: '沟通能力', score: 80, max_score: 100, normalized: 80, comment: null },
    { code: 'logic', name: '逻辑思维', score: 7, max_score: 10, normalized: 70, comment: null },
  ];

  it('lists only changed dimensions, old → new', () => {
    expect(dimensionChanges(dims, { communication: 80, logic: 8 })).toEqual([{ code: 'logic', name: '逻辑思维', from: 7, to: 8, max: 10 }]);
    expect(dimensionChanges(dims, { communication: undefined, logic: null })).toEqual([]);
  });

  it('sends adjustments only for "adjusted"', () => {
    const changes = { total: totalChange(75, 100, 78.25), dimensions: dimensionChanges(dims, { logic: 8 }) };
    expect(hasAdjustment(changes)).toBe(true);
    expect(resolveBody('adjusted', ' 复核后调整 ', changes)).toEqual({
      resolution: 'adjusted',
      note: '复核后调整',
      adjusted_total: 78.3,
      adjusted_dimensions: [{ code: 'logic', score: 8 }],
    });
    expect(resolveBody('upheld', '维持', changes)).toEqual({ resolution: 'upheld', note: '维持' });
    expect(totalChange(75, 100, 75)).toBeNull();
    expect(hasAdjustment({ total: null, dimensions: [] })).toBe(false);
  });
});

describe('medianReply', () => {
  it('reads in minutes under an hour, never "0.0 小时"', () => {
    expect(medianReply(0.02)).toEqual({ key: 'selfservice.inbox.metrics.medianMinutes', values: { minutes: 1 } });
    expect(medianReply(0.4)).toEqual({ key: 'selfservice.inbox.metrics.medianMinutes', values: { minutes: 24 } });
    expect(medianReply(3.46)).toEqual({ key: 'selfservice.inbox.metrics.medianValue', values: { hours: '3.5' } });
  });
});
