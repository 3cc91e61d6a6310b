import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { useDimensionMeans } from './api';
import { ChartCard } from './ChartCard';
import type { DimensionMeansGroup, GroupBy } from './contract';
import { fmt1 } from './format';

/** Every dimension that any group has, in first-seen order. */
export function dimensionsOf(groups: DimensionMeansGroup[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const g of groups) for (const d of g.dimensions) if (!seen.has(d.code)) seen.set(d.code, d.name);
  return [...seen].map(([code, name]) => ({ code, name }));
}

export function RadarCard({ groupBy, query }: { groupBy: GroupBy; query: ReturnType<typeof useDimensionMeans> }) {
  const { t } = useTranslation();
  const groups = useMemo(() => (query.data?.groups ?? []).filter((g) => g.dimensions.length > 0), [query.data]);
  const dims = useMemo(() => dimensionsOf(groups), [groups]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', confine: true, valueFormatter: (v: number | null) => fmt1(v) },
      legend: { type: 'scroll', bottom: 0 },
      radar: { indicator: dims.map((d) => ({ name: d.name, max: 100 })), radius: '60%', center: ['50%', '48%'], axisName: { color: '#595959' } },
      series: [
        {
          type: 'radar',
          areaStyle: { opacity: 0.1 },
          data: groups.map((g) => {
            const by = new Map(g.dimensions.map((d) => [d.code, d.mean]));
            return { name: g.label, value: dims.map((d) => by.get(d.code) ?? null) };
          }),
        },
      ],
    }),
    [groups, dims],
  );
  const data = useMemo(
    () => ({
      header: [t('analytics.group'), t('analytics.dimensionCode'), t('analytics.dimension'), 'n', t('analytics.mean')],
      rows: groups.flatMap((g) => g.dimensions.map((d) => [g.label, d.code, d.name, d.n, fmt1(d.mean)])),
    }),
    [groups, t],
  );
  return (
    <ChartCard
      id="radar"
      title={t('analytics.radar.title', { group: t(`analytics.groupBy.${groupBy}`) })}
      label={t('analytics.radar.label')}
      query={query}
      empty={dims.length < 3 ? t('analytics.radar.empty') : null}
      option={option}
      data={data}
      height={340}
    />
  );
}
