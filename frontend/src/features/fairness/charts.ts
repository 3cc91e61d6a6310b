// ECharts options of the fairness page. Pure; every text that reaches a tooltip formatter is
// escaped by html`…` (group labels, vendor names: vendors name themselves).
import { html, TooltipHtml, tooltipLines } from '../../lib/charts/tooltip';
import { fmt1, fmt2 } from '../analytics/format';
import type { ImpactGroup, VendorQualityRow } from './contract';

export const FOUR_FIFTHS = 0.8;

/** A p-value as people read it: "<0.001", "0.004", "0.72"; "—" without one. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '<0.001';
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}
const RED = '#cf1322';
const BLUE = '#1677ff';

interface ImpactLabels {
  group: (key: string) => string;
  ratio: string;
  rate: string;
  line: string;
}

export function impactOption(groups: ImpactGroup[], labels: ImpactLabels) {
  const names = groups.map((g) => labels.group(g.key));
  const top = Math.max(1, ...groups.map((g) => g.impact_ratio ?? 0));
  return {
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const g = groups[items[0]?.dataIndex ?? -1];
        if (!g) return '';
        return tooltipLines([
          html`<b>${labels.group(g.key)}</b>`,
          `${labels.ratio}: ${fmt2(g.impact_ratio)}`,
          `${labels.rate}: ${fmt1(g.rate * 100)}% (${g.selected}/${g.n})`,
        ]);
      },
    },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0 } },
    yAxis: { type: 'value', min: 0, max: Math.ceil(top * 10) / 10, name: labels.ratio },
    series: [
      {
        type: 'bar',
        name: labels.ratio,
        barMaxWidth: 56,
        data: groups.map((g) => ({ value: g.impact_ratio ?? 0, itemStyle: { color: g.flag ? RED : BLUE } })),
        label: { show: true, position: 'top', formatter: (p: { value: number }) => fmt2(p.value) },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: RED, type: 'dashed', width: 2 },
          // canvas text, drawn as is (never parsed as HTML)
          label: { formatter: labels.line, position: 'insideEndTop' },
          data: [{ yAxis: FOUR_FIFTHS }],
        },
      },
    ],
  };
}

interface QualityLabels {
  mean: string;
  shift: string;
}

/** Monthly mean per vendor as lines; shifted months as large red points. */
export function vendorQualityOption(rows: VendorQualityRow[], labels: QualityLabels) {
  const months = [...new Set(rows.flatMap((r) => r.months.map((m) => m.month)))].sort();
  const byMonth = rows.map((r) => new Map(r.months.map((m) => [m.month, m])));
  return {
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (items: { seriesIndex: number; axisValue: string; marker: string }[]) => {
        const lines = items
          .filter((it) => it.seriesIndex < rows.length)
          .map((it) => {
            const m = byMonth[it.seriesIndex]?.get(it.axisValue);
            if (!m) return null;
            const shift = m.shift ? html` · <b style="color:${RED}">${labels.shift}</b>` : '';
            return html`${new TooltipHtml(it.marker)}${rows[it.seriesIndex]?.vendor.name}: ${fmt1(m.mean)} (n=${m.n})${shift}`;
          });
        return tooltipLines([items[0]?.axisValue, ...lines]);
      },
    },
    legend: { type: 'scroll', top: 0, data: rows.map((r) => r.vendor.name) },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', min: 0, max: 100, name: labels.mean },
    series: [
      ...rows.map((r, i) => ({
        type: 'line',
        name: r.vendor.name,
        connectNulls: true,
        symbolSize: 6,
        data: months.map((m) => byMonth[i]?.get(m)?.mean ?? null),
      })),
      {
        type: 'scatter',
        name: labels.shift,
        symbolSize: 14,
        itemStyle: { color: RED },
        tooltip: { show: false },
        data: rows.flatMap((r) => r.months.filter((m) => m.shift).map((m) => [m.month, m.mean])),
      },
    ],
  };
}
