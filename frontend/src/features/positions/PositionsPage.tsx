import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Position } from '../../api/types';
import { useCan } from '../../lib/auth/permissions';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { useSearchParam } from '../../lib/list/useSearchParam';
import { useAllDepartments, useNames } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { PageHeader } from '../../lib/ui/PageHeader';
import { SearchBox } from '../../lib/ui/SearchBox';
import { PositionModal } from './PositionModal';

export default function PositionsPage() {
  const { t } = useTranslation();
  const canWrite = useCan('org:write');
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<Position | null | undefined>(undefined);
  const departments = useNames(useAllDepartments().data);
  const list = useCursorList(['positions', 'list', q], (cursor) =>
    call(api.GET('/api/v1/positions', { params: { query: { limit: PAGE_SIZE, cursor, q: q || undefined } } })),
  );

  const columns: TableColumnsType<Position> = [
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    {
      title: t('org.department'),
      key: 'department',
      render: (_, row) => (row.department_id ? (departments.get(row.department_id) ?? '') : t('common.none')),
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
      {t('org.newPosition')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('org.positionsTitle')} extra={createButton} />
      <Flex style={{ marginBottom: 16 }}>
        <SearchBox value={q} onSearch={setQ} />
      </Flex>
      <CursorTable<Position>
        list={list}
        rowKey="id"
        columns={columns}
        empty={q ? t('org.noResults', { q }) : t('org.positionsEmpty')}
        emptyAction={q ? <Button onClick={() => setQ('')}>{t('org.clearSearch')}</Button> : createButton}
      />
      <PositionModal open={editing !== undefined} position={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}
