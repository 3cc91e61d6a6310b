import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Batch, BatchCreate } from '../../api/types';
import { PAGE_SIZE } from '../../lib/list/useCursorList';
import { CodedRowsPage, type CodedRowsConfig } from '../../lib/org/CodedRowsPage';
import { PositionSelect, useAllPositions, useNames } from '../../lib/org/lookups';
import { call } from '../../lib/problem';

export default function BatchesPage() {
  const { t } = useTranslation();
  const positions = useNames(useAllPositions().data);
  const config: CodedRowsConfig<Batch, BatchCreate> = {
    kind: 'batches',
    labels: { title: t('org.batchesTitle'), empty: t('org.batchesEmpty'), create: t('org.newBatch'), edit: t('org.editBatch') },
    fetchPage: (cursor, q) => call(api.GET('/api/v1/batches', { params: { query: { limit: PAGE_SIZE, cursor, q } } })),
    parent: {
      title: t('org.position'),
      render: (row) => (row.position_id ? (positions.get(row.position_id) ?? '') : t('common.none')),
    },
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
