import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { html, TooltipHtml, tooltipLines } from '../../lib/charts/tooltip';
import { useTrends } from './api';
import { ChartCard } from './ChartCard';
import type { GroupBy, TrendSeries } from './contract';
import type { AnalyticsScope } from './filters';
import { fmt1 } from './format';

function trendOption(series: TrendSeries[], t: (k: string) => string) {
  const months = [...new Set(series.flatMap((s) => s.points.map((p) => p.month)))].sort();
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
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months, name: t('analytics.month') },
    yAxis: { type: 'value', min: 0, max: 100, name: t('analytics.mean') },
    series: series.map((s, i) => ({
      type: 'line',
      name: s.label,
      connectNulls: true,
      symbolSize: 7,
      data: months.map((m) => byMonth[i]?.get(m)?.mean ?? null),
    })),
  };
}

export function TrendCard({ scope, dimension, dimensionName, groupBy }: { scope: AnalyticsScope; dimension: string; dimensionName: string; groupBy: GroupBy }) {
  const { t } = useTranslation();
  const query = useTrends(scope, dimension, groupBy);
  const series = useMemo(() => query.data?.series ?? [], [query.data]);
  const option = useMemo(() => trendOption(series, t), [series, t]);
  const data = useMemo(
    () => ({
      header: [t('analytics.group'), t('analytics.month'), 'n', t('analytics.mean')],
      rows: series.flatMap((s) => s.points.map((p) => [s.label, p.month, p.n, fmt1(p.mean)])),
    }),
    [series, t],
  );
  const empty = series.every((s) => s.points.length === 0) ? t('analytics.trends.empty') : null;
  return (
    <ChartCard
      id="trends"
      title={t('analytics.trends.title', { dimension: dimensionName })}
      label={t('analytics.trends.label', { dimension: dimensionName })}
      query={query}
      empty={empty}
      option={option}
      data={data}
    />
  );
}
