import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Person } from '../../api/types';
import { useCan } from '../../lib/auth/permissions';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { useSearchParam } from '../../lib/list/useSearchParam';
import { useAllDepartments, useNames } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { PageHeader } from '../../lib/ui/PageHeader';
import { SearchBox } from '../../lib/ui/SearchBox';
import { PersonModal } from './PersonModal';

export default function PeoplePage() {
  const { t } = useTranslation();
  const canWrite = useCan('people:write');
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<Person | null | undefined>(undefined);
  const departments = useNames(useAllDepartments().data);
  const list = useCursorList(['people', 'list', q], (cursor) =>
    call(api.GET('/api/v1/people', { params: { query: { limit: PAGE_SIZE, cursor, q: q || undefined } } })),
  );

  const columns: TableColumnsType<Person> = [
    { title: t('org.personName'), dataIndex: 'name', key: 'name', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    { title: t('org.employeeNo'), dataIndex: 'employee_no', key: 'employee_no' },
    {
      title: t('org.department'),
      key: 'department',
      render: (_, row) => (row.department_id ? (departments.get(row.department_id) ?? '') : ''),
    },
    { title: t('org.email'), dataIndex: 'email', key: 'email' },
    { title: t('org.phone'), dataIndex: 'phone', key: 'phone' },
  ];
  const actions = (row: Person) => (
    <Flex gap={4} align="center">
      <Link to={`/people/${row.id}/profile`} style={{ padding: '4px 15px', whiteSpace: 'nowrap', display: 'inline-flex', alignItems: 'center', minHeight: 44 }} data-testid="person-profile">
        {t('profile.open')}
      </Link>
      {canWrite && (
        <Button type="link" onClick={() => setEditing(row)}>
          {t('common.edit')}
        </Button>
      )}
    </Flex>
  );
  columns.push({ title: t('common.actions'), key: 'actions', render: (_, row) => actions(row) });
  // Phones: a card per person with the actions in reach (the table's last column is off-screen).
  const card = (row: Person) => (
    <Card size="small" data-testid="person-card">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong>{row.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
            {[row.employee_no, row.department_id ? departments.get(row.department_id) : undefined].filter(Boolean).join(' · ') || '—'}
          </Typography.Text>
        </Flex>
        {actions(row)}
      </Flex>
    </Card>
  );
  const createButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
      {t('org.newPerson')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('org.peopleTitle')} extra={createButton} />
      <Flex style={{ marginBottom: 16 }}>
        <SearchBox value={q} onSearch={setQ} placeholder={t('audit.personPlaceholder')} />
      </Flex>
      <CursorTable<Person>
        list={list}
        rowKey="id"
        columns={columns}
        card={card}
        empty={q ? t('org.noResults', { q }) : t('org.peopleEmpty')}
        emptyAction={q ? <Button onClick={() => setQ('')}>{t('org.clearSearch')}</Button> : createButton}
      />
      <PersonModal open={editing !== undefined} person={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}
