import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Department } from '../../api/types';
import { useCan } from '../../lib/auth/permissions';
import { useAllDepartments } from '../../lib/org/lookups';
import { buildDepartmentTree, type DepartmentNode } from '../../lib/org/tree';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { PageHeader } from '../../lib/ui/PageHeader';
import { SearchBox } from '../../lib/ui/SearchBox';
import { DepartmentModal } from './DepartmentModal';

/** Keeps nodes that match `q` and the ancestors leading to them. */
function filterTree(nodes: DepartmentNode[], q: string): DepartmentNode[] {
  const needle = q.toLowerCase();
  return nodes.flatMap((n) => {
    const children = n.children ? filterTree(n.children, q) : [];
    const hit = n.name.toLowerCase().includes(needle) || n.code.toLowerCase().includes(needle);
    return hit || children.length ? [{ ...n, children: children.length ? children : undefined }] : [];
  });
}

type Editing = { department: Department | null; parentId?: string | null } | null;

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const canWrite = useCan('org:write');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const departments = useAllDepartments();
  const [editing, setEditing] = useState<Editing>(null);

  const tree = useMemo(() => {
    const full = buildDepartmentTree(departments.data ?? []);
    return q ? filterTree(full, q) : full;
  }, [departments.data, q]);

  const columns: TableColumnsType<DepartmentNode> = [
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0} wrap>
          <Button type="link" onClick={() => setEditing({ department: row })}>
            {t('common.edit')}
          </Button>
          <Button type="link" onClick={() => setEditing({ department: null, parentId: row.id })}>
            {t('org.newDepartment')}
          </Button>
        </Space>
      ),
    });
  }

  const createButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ department: null })}>
      {t('org.newDepartment')}
    </Button>
  );

  let body;
  if (departments.isPending) body = <LoadingSkeleton />;
  else if (departments.isError) body = <ErrorState error={departments.error} onRetry={() => void departments.refetch()} />;
  else if (tree.length === 0 && q)
    body = (
      <EmptyState
        description={t('org.noResults', { q })}
        action={<Button onClick={() => setParams({})}>{t('org.clearSearch')}</Button>}
      />
    );
  else if (tree.length === 0) body = <EmptyState description={t('org.departmentsEmpty')} action={createButton} />;
  else
    body = (
      <Table<DepartmentNode>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={q}
        scroll={{ x: 'max-content' }}
        size="middle"
      />
    );

  return (
    <>
      <PageHeader title={t('org.departmentsTitle')} extra={createButton} />
      <Flex style={{ marginBottom: 16 }}>
        <SearchBox value={q} onSearch={(v) => setParams(v ? { q: v } : {})} />
      </Flex>
      {body}
      <DepartmentModal
        open={editing !== null}
        department={editing?.department ?? null}
        parentId={editing?.parentId}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
