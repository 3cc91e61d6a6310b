import { describe, expect, it } from 'vitest';
import { monthsBetween, thresholdOption, trendMonths, trendOption } from './charts';
import type { Threshold, TrendSeries } from './contract';

const threshold = {
  above: { n: 12, mean: 78.4 },
  below: { n: 10, mean: 69.5 },
} as unknown as Threshold;

describe('thresholdOption', () => {
  it('starts the bars at zero, so 78.4 against 69.5 looks like it is', () => {
    const option = thresholdOption(threshold, ['≥ 70', '< 70'], '合规绩效');
    expect(option.yAxis.min).toBe(0);
    expect(option.yAxis.scale).toBe(false);
    expect(option.series[0]!.data).toEqual([78.4, 69.5]);
  });
});

describe('trend month axis', () => {
  const series: TrendSeries[] = [
    { key: 'a', label: '<b>销售</b>', points: [{ month: '2025-11', n: 3, mean: 70 }, { month: '2026-02', n: 2, mean: 80 }] },
  ] as unknown as TrendSeries[];

  it('lists every month between the first and the last, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
  });

  it('keeps months without interviews as gaps in the line', () => {
    const option = trendOption(series, { month: '月份', mean: '平均分' });
    expect(option.xAxis.data).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(option.series[0]!.data).toEqual([70, null, null, 80]);
    expect(option.series[0]!.connectNulls).toBe(false);
    // the axis name sits under the labels, inside the grid's bottom margin (not clipped)
    expect(option.xAxis.nameLocation).toBe('middle');
    expect(option.grid.bottom).toBeGreaterThanOrEqual(option.xAxis.nameGap);
  });

  it('escapes the series name in the tooltip', () => {
    const option = trendOption(series, { month: '月份', mean: '平均分' });
    const out = String(option.tooltip.formatter([{ seriesIndex: 0, seriesName: '<b>销售</b>', axisValue: '2025-11', marker: '' }]));
    expect(out).toContain('&lt;b&gt;销售&lt;/b&gt;: 70.0 (n=3)');
  });

  it('counts the months with interviews (one month: no trend)', () => {
    expect(trendMonths(series)).toEqual(['2025-11', '2026-02']);
    expect(trendMonths([])).toEqual([]);
  });
});
