import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Popconfirm, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { IntegrationClient } from '../../api/types';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { call, errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { CreateClientModal } from './CreateClientModal';

export default function IntegrationClientsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const setActive = async (client: IntegrationClient, is_active: boolean) => {
    try {
      await call(
        api.PATCH('/api/v1/integration-clients/{client_pk}', { params: { path: { client_pk: client.id } }, body: { is_active } }),
      );
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['integration-clients'] });
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };
  const list = useCursorList(['integration-clients', 'list'], (cursor) =>
    call(api.GET('/api/v1/integration-clients', { params: { query: { limit: PAGE_SIZE, cursor } } })),
  );

  const columns: TableColumnsType<IntegrationClient> = [
    { title: t('clients.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('clients.clientId'),
      key: 'client_id',
      render: (_, c) => (
        <Typography.Text copyable code>
          {c.client_id}
        </Typography.Text>
      ),
    },
    {
      title: t('clients.scopes'),
      key: 'scopes',
      render: (_, c) => (
        <Space size={[0, 4]} wrap>
          {c.scopes.map((s) => (
            <Tag key={s}>{s}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.status'),
      key: 'status',
      render: (_, c) => <Badge status={c.is_active ? 'success' : 'default'} text={c.is_active ? t('users.active') : t('users.inactive')} />,
    },
    { title: t('clients.createdAt'), key: 'created_at', render: (_, c) => formatDateTime(c.created_at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) =>
        c.is_active ? (
          <Popconfirm title={t('clients.deactivateConfirm')} onConfirm={() => setActive(c, false)} okText={t('common.yes')} cancelText={t('common.no')}>
            <Button type="link" danger>
              {t('users.deactivate')}
            </Button>
          </Popconfirm>
        ) : (
          <Button type="link" onClick={() => void setActive(c, true)}>
            {t('users.activate')}
          </Button>
        ),
    },
  ];

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('clients.newClient')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('clients.title')} extra={createButton} />
      <CursorTable<IntegrationClient> list={list} rowKey="id" columns={columns} empty={t('clients.empty')} emptyAction={createButton} />
      <CreateClientModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
