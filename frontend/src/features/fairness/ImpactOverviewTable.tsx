import { Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmt2 } from '../analytics/format';
import { pValue } from './charts';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import type { useImpactOverview } from './api';
import type { PositionImpact } from './contract';

interface Props {
  query: ReturnType<typeof useImpactOverview>;
  selected?: string;
  onOpen: (positionId: string) => void;
}

/** Every position at once, flagged first: where to look. */
export function ImpactOverviewTable({ query, selected, onOpen }: Props) {
  const { t } = useTranslation();
  const group = (key: string) => t(`fairness.groups.${key}`, { defaultValue: key });
  let body;
  if (query.isPending) body = <LoadingSkeleton rows={4} />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (query.data.positions.length === 0) body = <EmptyState description={t('fairness.overview.empty')} />;
  else
    body = (
      <Table<PositionImpact>
        size="small"
        rowKey={(r) => r.position.id}
        dataSource={query.data.positions}
        pagination={query.data.positions.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: true }}
        rowClassName={(r) => (r.position.id === selected ? 'ant-table-row-selected' : '')}
        data-testid="fairness-overview"
        columns={[
          { title: t('fairness.position'), key: 'position', render: (_, r) => r.position.name },
          { title: t('fairness.detail.n'), dataIndex: 'n', key: 'n' },
          {
            title: t('fairness.overview.lowest'),
            key: 'lowest',
            render: (_, r) =>
              r.lowest ? (
                <Typography.Text type={r.lowest.flag ? 'danger' : undefined}>
                  {group(r.lowest.key)} {fmt2(r.lowest.impact_ratio)}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
          { title: 'p', key: 'p', render: (_, r) => pValue(r.fisher_p) },
          {
            title: t('fairness.overview.flagged'),
            key: 'flagged',
            render: (_, r) => (r.flagged ? <Tag color="red">{t('fairness.overview.flagged')}</Tag> : <Tag>{t('fairness.overview.ok')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'open',
            render: (_, r) => (
              <Button size="small" onClick={() => onOpen(r.position.id)} aria-label={`${t('fairness.overview.open')} ${r.position.name}`}>
                {t('fairness.overview.open')}
              </Button>
            ),
          },
        ]}
      />
    );
  return (
    <Card size="small" title={t('fairness.overview.title')} style={{ marginBottom: 16 }}>
      {body}
    </Card>
  );
}
