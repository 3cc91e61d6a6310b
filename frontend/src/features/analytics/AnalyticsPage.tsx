import { ControlOutlined } from '@ant-design/icons';
import { Button, Col, Row } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '../../lib/auth/permissions';
import { getUserTimezone } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { AnalyticsFilterBar } from './AnalyticsFilterBar';
import { useDimensionMeans, useOutcomeMetrics } from './api';
import { CorrelationCard } from './CorrelationCard';
import { DistributionCard } from './DistributionCard';
import { analyticsFiltersToParams, parseAnalyticsFilters, scopeQuery, type AnalyticsFilters } from './filters';
import { dimensionsOf, RadarCard } from './RadarCard';
import { RetentionCard, ThresholdCard } from './ThresholdCard';
import { TrainingNeedsCard } from './TrainingNeedsCard';
import { TrendCard } from './TrendCard';
import { VendorQualityCard } from '../fairness/VendorQualityCard';

/** The standards page for the filtered position and outcome ("调整标准"). */
function standardsLink(position: string | undefined, outcome: string | undefined): string {
  const params = new URLSearchParams();
  if (position) params.set('position', position);
  if (outcome) params.set('outcome', outcome);
  const query = params.toString();
  return query ? `/standards?${query}` : '/standards';
}

/** HR and department heads: how scores spread, move and relate to performance. */
export default function AnalyticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAnalyticsFilters(params), [params]);
  const scope = useMemo(() => scopeQuery(filters, getUserTimezone()), [filters]);
  const setFilters = useCallback((next: AnalyticsFilters) => setParams(analyticsFiltersToParams(next), { replace: true }), [setParams]);
  const [threshold, setThreshold] = useState(() => {
    const v = Number(params.get('threshold'));
    return Number.isFinite(v) && v > 0 && v <= 100 ? v : 70;
  });
  const means = useDimensionMeans(scope, filters.group_by);
  const dimensions = useMemo(() => dimensionsOf(means.data?.groups ?? []), [means.data]);
  const dimensionName = filters.dimension === 'total' ? t('analytics.total') : (dimensions.find((d) => d.code === filters.dimension)?.name ?? filters.dimension);
  const common = { scope, dimension: filters.dimension, dimensionName };
  const vendorQuality = useCan('vendor-quality:read');
  const canStandard = useCan('standards:manage');
  // no outcome in the URL: the metric most people have (the list comes most people first)
  const metrics = useOutcomeMetrics();
  const outcome = filters.outcome ?? metrics.data?.metrics[0]?.metric;
  return (
    <>
      <PageHeader
        title={t('analytics.title')}
        extra={
          canStandard && (
            <Link to={standardsLink(filters.position_id, outcome)} data-testid="adjust-standard">
              <Button icon={<ControlOutlined aria-hidden />}>{t('standards.adjust')}</Button>
            </Link>
          )
        }
      />
      <AnalyticsFilterBar filters={filters} onChange={setFilters} dimensions={dimensions} outcome={outcome} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <DistributionCard {...common} groupBy={filters.group_by} />
        </Col>
        <Col xs={24} xl={12}>
          <TrendCard {...common} groupBy={filters.group_by} />
        </Col>
        <Col xs={24} xl={12}>
          <RadarCard groupBy={filters.group_by} query={means} />
        </Col>
        <Col xs={24} xl={12}>
          <CorrelationCard {...common} outcome={outcome} />
        </Col>
        <Col xs={24} xl={12}>
          <ThresholdCard {...common} outcome={outcome} threshold={threshold} onThreshold={setThreshold} />
        </Col>
        <Col xs={24} xl={12}>
          <RetentionCard {...common} threshold={threshold} onThreshold={setThreshold} />
        </Col>
        <Col xs={24}>
          <TrainingNeedsCard scope={scope} />
        </Col>
        {vendorQuality && (
          <Col xs={24}>
            <VendorQualityCard outcome={outcome} />
          </Col>
        )}
      </Row>
    </>
  );
}
