import { useQuery } from '@tanstack/react-query';
import { Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Batch, BatchCreate } from '../../api/types';
import { PAGE_SIZE } from '../../lib/list/useCursorList';
import { CodedRowsPage, type CodedRowsConfig } from '../../lib/org/CodedRowsPage';
import { PositionSelect, useAllPositions, useNames } from '../../lib/org/lookups';
import { useCan } from '../../lib/auth/permissions';
import { call } from '../../lib/problem';
import { formatDate } from '../../lib/time';

export default function BatchesPage() {
  const { t } = useTranslation();
  const positions = useNames(useAllPositions().data);
  const canRead = useCan('results:read');
  const figuresQuery = useQuery({
    queryKey: ['batches', 'figures'],
    queryFn: () => call(api.GET('/api/v1/results/batches')),
    enabled: canRead,
    staleTime: 30_000,
  });
  const figures = new Map((figuresQuery.data ?? []).map((f) => [f.batch_id, f]));
  const config: CodedRowsConfig<Batch, BatchCreate> = {
    kind: 'batches',
    labels: { title: t('org.batchesTitle'), empty: t('org.batchesEmpty'), create: t('org.newBatch'), edit: t('org.editBatch') },
    fetchPage: (cursor, q) => call(api.GET('/api/v1/batches', { params: { query: { limit: PAGE_SIZE, cursor, q } } })),
    parent: {
      title: t('org.position'),
      render: (row) => (row.position_id ? (positions.get(row.position_id) ?? '') : t('common.none')),
    },
    extraColumns: [
      {
        title: t('org.batchInterviews'),
        key: 'interviews',
        render: (_, row) => {
          const f = figures.get(row.id);
          if (!f) return <Typography.Text type="secondary">{t('org.batchNoResults')}</Typography.Text>;
          const first = formatDate(f.first_interviewed_at);
          const last = formatDate(f.last_interviewed_at);
          return <span style={{ whiteSpace: 'nowrap' }}>{first === last ? first : `${first} – ${last}`}</span>;
        },
      },
      {
        title: t('org.batchResults'),
        key: 'results',
        render: (_, row) => {
          const f = figures.get(row.id);
          return f ? (
            <Link to={`/workbench?status=all&batch_id=${row.id}`}>{t('org.batchCounts', { count: f.results, pending: f.pending_review })}</Link>
          ) : (
            '0'
          );
        },
      },
    ],
    parentField: (
      <Form.Item name="position_id" label={t('org.position')}>
        <PositionSelect />
      </Form.Item>
    ),
    save: (values, editing) => {
      const body = { ...values, position_id: values.position_id ?? null };
      return editing
        ? call(api.PATCH('/api/v1/batches/{row_id}', { params: { path: { row_id: editing.id } }, body }))
        : call(api.POST('/api/v1/batches', { body }));
    },
  };
  return <CodedRowsPage config={config} />;
}
