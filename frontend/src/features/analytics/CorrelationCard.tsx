import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { tooltipLines } from '../../lib/charts/tooltip';
import { useCorrelation } from './api';
import { ChartCard } from './ChartCard';
import type { AnalyticsScope } from './filters';
import { correlationSentence, fmt1, fmt2, formatP, regressionLine } from './format';

interface Props {
  scope: AnalyticsScope;
  dimension: string;
  dimensionName: string;
  outcome: string | undefined;
}

export function CorrelationCard({ scope, dimension, dimensionName, outcome }: Props) {
  const { t } = useTranslation();
  const query = useCorrelation(scope, dimension, outcome);
  const r = query.data;
  const points = useMemo(() => r?.points ?? [], [r]);
  const line = useMemo(() => (r && r.slope !== null && r.intercept !== null ? regressionLine(points, r.slope, r.intercept) : []), [points, r]);
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: { seriesIndex: number; value: number[] }) =>
          p.seriesIndex === 0
            ? tooltipLines([`${dimensionName} ${fmt1(p.value[0])}`, `${outcome ?? ''} ${fmt1(p.value[1])}`])
            : t('analytics.correlation.line'),
      },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: dimensionName, nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: outcome ?? '', scale: true },
      series: [
        { type: 'scatter', name: t('analytics.correlation.people'), data: points, symbolSize: 8, itemStyle: { opacity: 0.7 } },
        { type: 'line', name: t('analytics.correlation.line'), data: line, showSymbol: false, lineStyle: { width: 2 } },
      ],
    }),
    [points, line, dimensionName, outcome, t],
  );
  const data = useMemo(() => ({ header: [dimensionName, outcome ?? ''], rows: points.map((p) => [p[0], p[1]]) }), [points, dimensionName, outcome]);
  let empty: string | null = null;
  if (!outcome) empty = t('analytics.correlation.chooseOutcome');
  else if (r && !r.enough_data) empty = t('analytics.notEnough', { n: r.n });
  const sentence = r && outcome ? correlationSentence(t, r, dimensionName, outcome) : '';
  return (
    <ChartCard
      id="correlation"
      title={t('analytics.correlation.title')}
      label={t('analytics.correlation.label', { dimension: dimensionName, outcome: outcome ?? '' })}
      query={outcome ? query : { ...query, isPending: false, isError: false }}
      empty={empty}
      option={option}
      data={data}
      footer={
        r && (
          <>
            <Typography.Paragraph strong style={{ marginTop: 8 }} data-testid="correlation-sentence">
              {sentence}
            </Typography.Paragraph>
            <Flex wrap gap="small" data-testid="correlation-stats">
              <Tag>n={r.n}</Tag>
              <Tag>
                Pearson r={fmt2(r.pearson_r)}, {formatP(r.pearson_p)}
              </Tag>
              <Tag>
                {t('analytics.correlation.ci95')} {r.ci95 ? `${fmt2(r.ci95[0])} – ${fmt2(r.ci95[1])}` : '—'}
              </Tag>
              <Tag>
                Spearman ρ={fmt2(r.spearman_rho)}, {formatP(r.spearman_p)}
              </Tag>
              {r.corrected_r !== null && r.corrected_r !== undefined && (
                <Tooltip title={t('correctedR.hint', { all: fmt1(r.sd_all), selected: fmt1(r.sd_selected) })}>
                  <Tag color="blue" tabIndex={0} data-testid="corrected-r">
                    {t('correctedR.label', { r: fmt2(r.corrected_r) })}
                  </Tag>
                </Tooltip>
              )}
            </Flex>
          </>
        )
      }
    />
  );
}

