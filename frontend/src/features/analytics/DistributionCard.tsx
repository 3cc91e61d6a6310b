import { Flex, Segmented, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { html, tooltipLines } from '../../lib/charts/tooltip';
import { useDistribution } from './api';
import { ChartCard } from './ChartCard';
import type { DistributionGroup, GroupBy } from './contract';
import type { AnalyticsScope } from './filters';
import { fmt1 } from './format';

type View = 'histogram' | 'box';

function histogramOption(groups: DistributionGroup[], t: (k: string) => string) {
  const bins = groups[0]?.histogram ?? [];
  return {
    tooltip: { trigger: 'axis', confine: true },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'category', name: t('analytics.score'), nameLocation: 'middle', nameGap: 28, data: bins.map((b) => `${fmt1(b.lo)}–${fmt1(b.hi)}`), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: t('analytics.people'), minInterval: 1 },
    series: groups.map((g) => ({ type: 'bar', name: `${g.label} (n=${g.n})`, data: g.histogram.map((b) => b.count) })),
  };
}

function boxOption(groups: DistributionGroup[], t: (k: string) => string) {
  const withData = groups.filter((g) => g.n > 0);
  return {
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { dataIndex: number }) => {
        const g = withData[p.dataIndex];
        if (!g) return '';
        return tooltipLines([html`<b>${g.label}</b>`, `n=${g.n}`, `${t('analytics.mean')} ${fmt1(g.mean)}`, `${t('analytics.median')} ${fmt1(g.median)}`, `P25–P75 ${fmt1(g.p25)}–${fmt1(g.p75)}`]);
      },
    },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: withData.map((g) => g.label), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: 100, name: t('analytics.score') },
    series: [
      {
        type: 'boxplot',
        // min / max are not in the API: the whiskers span the first and last non-empty bins
        data: withData.map((g) => {
          const filled = g.histogram.filter((b) => b.count > 0);
          const lo = filled[0]?.lo ?? g.p25 ?? 0;
          const hi = filled[filled.length - 1]?.hi ?? g.p75 ?? 100;
          return [lo, g.p25 ?? lo, g.median ?? lo, g.p75 ?? hi, hi];
        }),
      },
    ],
  };
}

export function DistributionCard({ scope, dimension, dimensionName, groupBy }: { scope: AnalyticsScope; dimension: string; dimensionName: string; groupBy: GroupBy }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('histogram');
  const query = useDistribution(scope, dimension, groupBy);
  const groups = useMemo(() => query.data?.groups ?? [], [query.data]);
  const total = groups.reduce((s, g) => s + g.n, 0);
  const option = useMemo(() => (view === 'histogram' ? histogramOption(groups, t) : boxOption(groups, t)), [groups, view, t]);
  const data = useMemo(
    () => ({
      header: [t('analytics.group'), 'n', t('analytics.mean'), t('analytics.median'), 'P25', 'P75', t('analytics.stdev'), t('analytics.binFrom'), t('analytics.binTo'), t('analytics.count')],
      rows: groups.flatMap((g) => g.histogram.map((b) => [g.label, g.n, fmt1(g.mean), fmt1(g.median), fmt1(g.p25), fmt1(g.p75), fmt1(g.stdev), b.lo, b.hi, b.count])),
    }),
    [groups, t],
  );
  return (
    <ChartCard
      id="distribution"
      title={t('analytics.distribution.title', { dimension: dimensionName })}
      label={t('analytics.distribution.label', { dimension: dimensionName })}
      query={query}
      empty={total === 0 ? t('analytics.distribution.empty') : null}
      option={option}
      data={data}
      controls={
        <Segmented<View>
          size="small"
          value={view}
          onChange={setView}
          options={[
            { value: 'histogram', label: t('analytics.distribution.histogram') },
            { value: 'box', label: t('analytics.distribution.box') },
          ]}
          style={{ marginBottom: 8 }}
          aria-label={t('analytics.distribution.view')}
        />
      }
      footer={
        <Flex wrap gap={4} data-testid="distribution-stats" style={{ marginTop: 8 }}>
          {groups.map((g) => (
            <Tag key={g.key ?? g.label} style={{ whiteSpace: 'normal' }}>
              <Typography.Text strong>{g.label}</Typography.Text> n={g.n} · {t('analytics.mean')} {fmt1(g.mean)} · {t('analytics.median')} {fmt1(g.median)}
            </Tag>
          ))}
        </Flex>
      }
    />
  );
}
