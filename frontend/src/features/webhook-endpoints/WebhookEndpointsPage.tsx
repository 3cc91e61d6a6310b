import { EditOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Collapse, Flex, Popconfirm, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { CursorTable } from '../../lib/list/CursorTable';
import { useCursorList } from '../../lib/list/useCursorList';
import { call, errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { fetchEndpoints, webhookKeys } from './api';
import { EndpointFormModal } from './EndpointFormModal';
import { MessagesDrawer } from './MessagesDrawer';
import { PYTHON_VERIFY_SNIPPET, isWebhookEvent, type WebhookEndpoint } from './webhooks';

function SigningHelp() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap="small">
      <Typography.Text>{t('webhooks.signing.body')}</Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        <li>{t('webhooks.signing.id')}</li>
        <li>{t('webhooks.signing.timestamp')}</li>
        <li>{t('webhooks.signing.signature')}</li>
      </ul>
      <Typography.Text>{t('webhooks.signing.key')}</Typography.Text>
      <Typography.Text strong>{t('webhooks.signing.python')}</Typography.Text>
      <Typography.Paragraph copyable={{ text: PYTHON_VERIFY_SNIPPET }} style={{ margin: 0 }}>
        <pre style={{ margin: 0, overflowX: 'auto' }} data-testid="signing-snippet">
          {PYTHON_VERIFY_SNIPPET}
        </pre>
      </Typography.Paragraph>
    </Flex>
  );
}

export default function WebhookEndpointsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<WebhookEndpoint | null>(null);
  const [viewing, setViewing] = useState<WebhookEndpoint | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const list = useCursorList(webhookKeys.list(), (cursor) => fetchEndpoints(cursor));

  const setActive = async (endpoint: WebhookEndpoint, is_active: boolean) => {
    setToggling(endpoint.id);
    try {
      await call(api.PATCH('/api/v1/webhook-endpoints/{endpoint_id}', { params: { path: { endpoint_id: endpoint.id } }, body: { is_active } }));
      void message.success(is_active ? t('webhooks.resumedOk') : t('webhooks.pausedOk'));
      await queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setToggling(null);
    }
  };

  const columns: TableColumnsType<WebhookEndpoint> = [
    {
      title: t('webhooks.url'),
      key: 'url',
      render: (_, e) => (
        <Flex vertical>
          <Typography.Text code copyable ellipsis={{ tooltip: e.url }} style={{ maxWidth: 360 }}>
            {e.url}
          </Typography.Text>
          {e.description && <Typography.Text type="secondary">{e.description}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('webhooks.events'),
      key: 'events',
      render: (_, e) => (
        <Space size={[0, 4]} wrap>
          {e.events.map((ev) => (
            <Tooltip key={ev} title={isWebhookEvent(ev) ? t(`webhooks.eventName.${ev}`) : undefined}>
              <Tag>{ev}</Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    {
      title: t('webhooks.status'),
      key: 'status',
      render: (_, e) => (
        <Badge
          status={e.is_active ? 'success' : 'default'}
          text={e.is_active ? t('webhooks.active') : t('webhooks.paused')}
          data-testid="endpoint-status"
        />
      ),
    },
    { title: t('webhooks.createdAt'), key: 'created_at', render: (_, e) => formatDateTime(e.created_at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, e) => (
        <Space size={0} wrap>
          <Button type="link" icon={<UnorderedListOutlined aria-hidden />} onClick={() => setViewing(e)} data-testid="endpoint-messages">
            {t('webhooks.messages')}
          </Button>
          <Button type="link" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(e)} data-testid="endpoint-edit">
            {t('common.edit')}
          </Button>
          {e.is_active ? (
            <Popconfirm
              title={t('webhooks.pauseConfirm')}
              onConfirm={() => setActive(e, false)}
              okText={t('common.yes')}
              cancelText={t('common.no')}
            >
              <Button type="link" danger icon={<PauseCircleOutlined aria-hidden />} loading={toggling === e.id} data-testid="endpoint-pause">
                {t('webhooks.pause')}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              type="link"
              icon={<PlayCircleOutlined aria-hidden />}
              loading={toggling === e.id}
              onClick={() => void setActive(e, true)}
              data-testid="endpoint-resume"
            >
              {t('webhooks.resume')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('webhooks.newEndpoint')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('webhooks.title')} extra={createButton} />
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      <Collapse
        size="small"
        style={{ marginBottom: 16 }}
        items={[{ key: 'signing', label: t('webhooks.signing.title'), children: <SigningHelp /> }]}
      />
      <CursorTable<WebhookEndpoint> list={list} rowKey="id" columns={columns} empty={t('webhooks.empty')} emptyAction={createButton} />
      <EndpointFormModal open={creating} onClose={() => setCreating(false)} />
      <EndpointFormModal open={editing !== null} endpoint={editing} onClose={() => setEditing(null)} />
      <MessagesDrawer endpoint={viewing} onClose={() => setViewing(null)} />
    </>
  );
}
