import { Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTrends } from './api';
import { ChartCard } from './ChartCard';
import { trendMonths, trendOption } from './charts';
import type { GroupBy } from './contract';
import type { AnalyticsScope } from './filters';
import { fmt1 } from './format';

export function TrendCard({ scope, dimension, dimensionName, groupBy }: { scope: AnalyticsScope; dimension: string; dimensionName: string; groupBy: GroupBy }) {
  const { t } = useTranslation();
  const query = useTrends(scope, dimension, groupBy);
  const series = useMemo(() => query.data?.series ?? [], [query.data]);
  const option = useMemo(() => trendOption(series, { month: t('analytics.month'), mean: t('analytics.mean') }), [series, t]);
  // one month of interviews is no trend: say so instead of drawing a lone dot
  const months = trendMonths(series);
  const interviews = series.reduce((sum, s) => sum + s.points.reduce((k, p) => k + p.n, 0), 0);
  const single = months.length === 1 ? t(interviews === 1 ? 'analytics.trends.singleInterview' : 'analytics.trends.singleMonth', { month: months[0], n: interviews }) : null;
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
    >
      {single ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={single} data-testid="trends-single" /> : undefined}
    </ChartCard>
  );
}
