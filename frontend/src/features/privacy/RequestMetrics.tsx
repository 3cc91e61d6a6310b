import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../lib/ui/QueryStates';
import { useRequestMetrics } from './api';

/** SLA cards of the privacy request queue. */
export function RequestMetrics() {
  const { t } = useTranslation();
  const metrics = useRequestMetrics();
  if (metrics.isError) return <ErrorState error={metrics.error} onRetry={() => void metrics.refetch()} />;
  const m = metrics.data;
  const none = t('privacy.queue.metrics.none');
  const cards = [
    { key: 'open', title: t('privacy.queue.metrics.open'), value: m?.open_count ?? none },
    { key: 'overdue', title: t('privacy.queue.metrics.overdue'), value: m?.overdue_count ?? none, danger: Boolean(m?.overdue_count) },
    { key: 'soon', title: t('privacy.queue.metrics.dueSoon'), value: m?.due_soon_count ?? none },
    {
      key: 'within',
      title: t('privacy.queue.metrics.within'),
      value: m?.resolved_within_sla_share != null ? `${(m.resolved_within_sla_share * 100).toFixed(1)}%` : none,
    },
    {
      key: 'median',
      title: t('privacy.queue.metrics.median'),
      value: m?.median_resolution_days != null ? t('privacy.queue.metrics.medianValue', { days: m.median_resolution_days.toFixed(1) }) : none,
    },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="privacy-metrics">
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={8} xl={4}>
          <Card size="small" loading={metrics.isPending}>
            <Statistic title={c.title} value={c.value} valueStyle={c.danger ? { color: '#cf1322' } : undefined} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
