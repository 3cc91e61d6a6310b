// ECharts options of the analytics cards that can mislead when drawn carelessly. Pure, so the
// rules are tested: bars start at zero, the month axis is continuous (a month without an
// interview is a gap, not skipped), and the axis names are not clipped.
import { html, TooltipHtml, tooltipLines } from '../../lib/charts/tooltip';
import type { Threshold, TrendSeries } from './contract';
import { fmt1 } from './format';

/** Every month from the first to the last ("2025-11", "2025-12", "2026-01"…), both included. */
export function monthsBetween(first: string, last: string): string[] {
  const parse = (m: string) => {
    const [y, mo] = m.split('-').map(Number);
    return (y ?? 0) * 12 + ((mo ?? 1) - 1);
  };
  const out: string[] = [];
  for (let i = parse(first); i <= parse(last) && out.length < 1200; i += 1) {
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The months with an interview in any series, sorted. */
export function trendMonths(series: TrendSeries[]): string[] {
  return [...new Set(series.flatMap((s) => s.points.map((p) => p.month)))].sort();
}

export function trendOption(series: TrendSeries[], labels: { month: string; mean: string }) {
  const present = trendMonths(series);
  const months = present.length ? monthsBetween(present[0]!, present[present.length - 1]!) : [];
  const byMonth = series.map((s) => new Map(s.points.map((p) => [p.month, p])));
  return {
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (items: { seriesIndex: number; seriesName: string; axisValue: string; marker: string }[]) =>
        tooltipLines([
          items[0]?.axisValue,
          ...items.map((it) => {
            const p = byMonth[it.seriesIndex]?.get(it.axisValue);
            // The marker is ECharts' own colour dot; the series name is vendor text.
            return p && html`${new TooltipHtml(it.marker)}${it.seriesName}: ${fmt1(p.mean)} (n=${p.n})`;
          }),
        ]),
    },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 56, bottom: 28, containLabel: true },
    xAxis: { type: 'category', data: months, name: labels.month, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', min: 0, max: 100, name: labels.mean },
    series: series.map((s, i) => ({
      type: 'line',
      name: s.label,
      // a month without an interview stays a gap in the line
      connectNulls: false,
      showSymbol: true,
      symbolSize: 7,
      data: months.map((m) => byMonth[i]?.get(m)?.mean ?? null),
    })),
  };
}

export function thresholdOption(r: Threshold, labels: [string, string], outcome: string) {
  return {
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number | null) => fmt1(v) },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: [`${labels[0]} (n=${r.above.n})`, `${labels[1]} (n=${r.below.n})`] },
    // bars start at zero: a cut axis makes 78.4 against 69.5 look fivefold
    yAxis: { type: 'value', name: outcome, min: 0, scale: false },
    series: [
      {
        type: 'bar',
        name: outcome,
        data: [r.above.mean, r.below.mean],
        barMaxWidth: 64,
        label: { show: true, position: 'top', formatter: (p: { value: number | null }) => fmt1(p.value) },
      },
    ],
  };
}
