import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Batch } from '../../api/types';
import { useCan } from '../../lib/auth/permissions';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { useSearchParam } from '../../lib/list/useSearchParam';
import { useAllPositions, useNames } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { PageHeader } from '../../lib/ui/PageHeader';
import { SearchBox } from '../../lib/ui/SearchBox';
import { BatchModal } from './BatchModal';

export default function BatchesPage() {
  const { t } = useTranslation();
  const canWrite = useCan('org:write');
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<Batch | null | undefined>(undefined);
  const positions = useNames(useAllPositions().data);
  const list = useCursorList(['batches', 'list', q], (cursor) =>
    call(api.GET('/api/v1/batches', { params: { query: { limit: PAGE_SIZE, cursor, q: q || undefined } } })),
  );

  const columns: TableColumnsType<Batch> = [
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    {
      title: t('org.position'),
      key: 'position',
      render: (_, row) => (row.position_id ? (positions.get(row.position_id) ?? '') : t('common.none')),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Button type="link" onClick={() => setEditing(row)}>
          {t('common.edit')}
        </Button>
      ),
    });
  }
  const createButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
      {t('org.newBatch')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('org.batchesTitle')} extra={createButton} />
      <Flex style={{ marginBottom: 16 }}>
        <SearchBox value={q} onSearch={setQ} />
      </Flex>
      <CursorTable<Batch>
        list={list}
        rowKey="id"
        columns={columns}
        empty={q ? t('org.noResults', { q }) : t('org.batchesEmpty')}
        emptyAction={q ? <Button onClick={() => setQ('')}>{t('org.clearSearch')}</Button> : createButton}
      />
      <BatchModal open={editing !== undefined} batch={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}
