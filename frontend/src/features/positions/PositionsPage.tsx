import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../lib/auth/permissions';
import type { Position, PositionCreate } from '../../api/types';
import { PAGE_SIZE } from '../../lib/list/useCursorList';
import { CodedRowsPage, type CodedRowsConfig } from '../../lib/org/CodedRowsPage';
import { DepartmentTreeSelect, useAllDepartments, useNames } from '../../lib/org/lookups';
import { call } from '../../lib/problem';

export default function PositionsPage() {
  const { t } = useTranslation();
  const departments = useNames(useAllDepartments().data);
  const canStandard = useCan('standards:manage');
  const config: CodedRowsConfig<Position, PositionCreate> = {
    kind: 'positions',
    labels: { title: t('org.positionsTitle'), empty: t('org.positionsEmpty'), create: t('org.newPosition'), edit: t('org.editPosition') },
    fetchPage: (cursor, q) => call(api.GET('/api/v1/positions', { params: { query: { limit: PAGE_SIZE, cursor, q } } })),
    parent: {
      title: t('org.department'),
      render: (row) => (row.department_id ? (departments.get(row.department_id) ?? '') : t('common.none')),
    },
    parentField: (
      <Form.Item name="department_id" label={t('org.department')}>
        <DepartmentTreeSelect />
      </Form.Item>
    ),
    rowActions: canStandard
      ? (row) => (
          <Link to={`/standards?position=${encodeURIComponent(row.id)}`} className="ant-btn ant-btn-link" style={{ padding: '4px 15px' }}>
            {t('standards.adjust')}
          </Link>
        )
      : undefined,
    save: (values, editing) => {
      const body = { ...values, department_id: values.department_id ?? null };
      return editing
        ? call(api.PATCH('/api/v1/positions/{row_id}', { params: { path: { row_id: editing.id } }, body }))
        : call(api.POST('/api/v1/positions', { body }));
    },
  };
  return <CodedRowsPage config={config} />;
}
