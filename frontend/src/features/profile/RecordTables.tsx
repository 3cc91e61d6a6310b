import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PerformanceRecord, TrainingRecord } from '../../api/types';
import { EmptyState } from '../../lib/ui/QueryStates';

export function PerformanceTable({ rows }: { rows: PerformanceRecord[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('profile.performance')} size="small">
      {rows.length ? (
        <Table<PerformanceRecord>
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          columns={[
            { title: t('profile.period'), dataIndex: 'period' },
            { title: t('profile.metric'), dataIndex: 'metric' },
            { title: t('profile.value'), dataIndex: 'value', align: 'right', render: (v: number) => v.toFixed(1) },
          ]}
        />
      ) : (
        <EmptyState description={t('profile.performanceEmpty')} />
      )}
    </Card>
  );
}

export function TrainingTable({ rows }: { rows: TrainingRecord[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('profile.training')} size="small">
      {rows.length ? (
        <Table<TrainingRecord>
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          columns={[
            { title: t('profile.course'), dataIndex: 'course' },
            { title: t('profile.completedOn'), dataIndex: 'completed_on' },
            { title: t('profile.score'), dataIndex: 'score', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
          ]}
        />
      ) : (
        <EmptyState description={t('profile.trainingEmpty')} />
      )}
    </Card>
  );
}
