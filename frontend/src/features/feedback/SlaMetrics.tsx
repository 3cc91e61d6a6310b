import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../lib/ui/QueryStates';
import { useFeedbackMetrics } from './api';
import { medianReply } from './sla';

/** SLA cards: median first response, share answered in time, open, overdue. */
export function SlaMetrics() {
  const { t } = useTranslation();
  const metrics = useFeedbackMetrics();
  if (metrics.isError) return <ErrorState error={metrics.error} onRetry={() => void metrics.refetch()} />;
  const m = metrics.data;
  const none = t('selfservice.inbox.metrics.none');
  const median = m?.median_first_response_hours != null ? medianReply(m.median_first_response_hours) : null;
  const cards = [
    {
      key: 'median',
      title: t('selfservice.inbox.metrics.median'),
      value: median ? t(median.key, median.values) : none,
    },
    {
      key: 'within',
      title: t('selfservice.inbox.metrics.withinSla'),
      value: m?.answered_within_sla_share != null ? `${(m.answered_within_sla_share * 100).toFixed(1)}%` : none,
    },
    { key: 'open', title: t('selfservice.inbox.metrics.open'), value: m?.open_count ?? none },
    { key: 'overdue', title: t('selfservice.inbox.metrics.overdue'), value: m?.overdue_count ?? none, danger: Boolean(m?.overdue_count) },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="feedback-metrics">
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={6}>
          <Card size="small" loading={metrics.isPending}>
            <Statistic title={c.title} value={c.value} valueStyle={c.danger ? { color: '#cf1322' } : undefined} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
