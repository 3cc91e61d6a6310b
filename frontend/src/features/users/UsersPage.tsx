import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Flex, Popconfirm, Space, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { useSearchParam } from '../../lib/list/useSearchParam';
import { useAllDepartments, useNames } from '../../lib/org/lookups';
import { call, errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { SearchBox } from '../../lib/ui/SearchBox';
import { CreateUserModal } from './CreateUserModal';
import { GrantsModal } from './GrantsModal';

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [q, setQ] = useSearchParam('q');
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<User | null>(null);
  const departments = useNames(useAllDepartments().data);
  const list = useCursorList(['users', 'list', q], (cursor) =>
    call(api.GET('/api/v1/users', { params: { query: { limit: PAGE_SIZE, cursor, q: q || undefined } } })),
  );

  const setActive = async (user: User, is_active: boolean) => {
    try {
      await call(api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id: user.id } }, body: { is_active } }));
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };

  const columns: TableColumnsType<User> = [
    { title: t('users.name'), dataIndex: 'name', key: 'name', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    { title: t('users.email'), dataIndex: 'email', key: 'email' },
    {
      title: t('users.roles'),
      key: 'roles',
      render: (_, u) => (
        <Space size={[0, 4]} wrap>
          {u.roles.map((r) => (
            <Tag key={r}>{t(`roles.${r}`, { defaultValue: r })}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.departments'),
      key: 'departments',
      render: (_, u) => u.department_ids.map((id) => departments.get(id) ?? id).join('、'),
    },
    {
      title: t('users.status'),
      key: 'status',
      render: (_, u) => <Badge status={u.is_active ? 'success' : 'default'} text={u.is_active ? t('users.active') : t('users.inactive')} />,
    },
    { title: t('users.createdAt'), key: 'created_at', render: (_, u) => formatDateTime(u.created_at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" onClick={() => setGranting(u)}>
            {t('users.grants')}
          </Button>
          {u.is_active ? (
            <Popconfirm title={t('users.deactivateConfirm')} onConfirm={() => setActive(u, false)} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button type="link" danger>
                {t('users.deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" onClick={() => void setActive(u, true)}>
              {t('users.activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('users.newUser')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('users.title')} extra={createButton} />
      <Flex style={{ marginBottom: 16 }}>
        <SearchBox value={q} onSearch={setQ} placeholder={t('users.searchPlaceholder')} />
      </Flex>
      <CursorTable<User>
        list={list}
        rowKey="id"
        columns={columns}
        empty={q ? t('org.noResults', { q }) : t('users.empty')}
        emptyAction={q ? <Button onClick={() => setQ('')}>{t('org.clearSearch')}</Button> : createButton}
      />
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      {granting && <GrantsModal user={granting} onClose={() => setGranting(null)} />}
    </>
  );
}
