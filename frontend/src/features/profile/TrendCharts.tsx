import { Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DimensionTrend, TrendPoint } from '../../api/types';
import { LazyChart } from '../../lib/charts/LazyChart';
import { formatDate, formatDateTime } from '../../lib/time';
import { EmptyState } from '../../lib/ui/QueryStates';
import { dimensionSeries, toSeries, type SeriesPoint } from './trends';

function baseOption() {
  return {
    grid: { left: 40, right: 16, top: 40, bottom: 32, containLabel: true },
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (v: number) => v.toFixed(1),
    },
    xAxis: { type: 'time', axisLabel: { formatter: (v: number) => formatDate(new Date(v).toISOString()), hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: 100 },
  };
}

function line(name: string, data: SeriesPoint[]) {
  return { type: 'line', name, data, smooth: false, symbolSize: 8, connectNulls: true };
}

/** Normalised totals over time and one line per dimension. */
export function TrendCharts({ name, total, dimensions }: { name: string; total: TrendPoint[]; dimensions: DimensionTrend[] }) {
  const { t } = useTranslation();
  const totalSeries = useMemo(() => toSeries(total), [total]);
  const dims = useMemo(() => dimensionSeries(dimensions), [dimensions]);
  const totalOption = useMemo(
    () => ({
      ...baseOption(),
      tooltip: { ...baseOption().tooltip, axisPointer: { label: { formatter: (p: { value: number }) => formatDateTime(new Date(p.value).toISOString()) } } },
      series: [{ ...line(t('profile.totalTrend'), totalSeries), areaStyle: { opacity: 0.1 } }],
    }),
    [totalSeries, t],
  );
  const dimOption = useMemo(
    () => ({ ...baseOption(), legend: { type: 'scroll', top: 0 }, series: dims.map((d) => line(d.name, d.data)) }),
    [dims],
  );
  const empty = <EmptyState description={t('profile.trendEmpty')} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('profile.totalTrend')} size="small">
          {totalSeries.length ? <LazyChart option={totalOption} height={280} label={t('profile.totalTrendLabel', { name })} testId="profile-total-chart" /> : empty}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('profile.dimensionTrends')} size="small">
          {dims.length ? <LazyChart option={dimOption} height={280} label={t('profile.dimensionTrendsLabel', { name })} testId="profile-dimension-chart" /> : empty}
        </Card>
      </Col>
    </Row>
  );
}
